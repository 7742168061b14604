// Enrolments and the quarantine on a real library: an enrolment is found by its nonce and revoked
// once; a quarantined photo is never a photos row, is listed until filed or discarded, is resolved
// only once, and every change is an audit row with its user.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "library/content_hash.hpp"
#include "library/enrolment_repository.hpp"
#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

using test::TempDir;

class EnrolmentStore : public ::testing::Test {
  protected:
    void SetUp() override {
        auto library = Library::open(m_dir.path());
        ASSERT_TRUE(library);
        m_library = std::move(*library);
        ImportTarget target;
        target.patientExternalId = "P1";
        target.woundLabel = "W1";
        target.capturedAtOverride = "2026-01-02T10:00:00";
        ImportMetadata m;
        m.originalName = "clinic.jpg";
        auto r = PhotoImporter(*m_library)
                     .importBytes(test::encodeJpeg(test::markedImage(32, 24, 1)), target, m);
        ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
        m_photo = *r.photo;
    }

    template <typename F>
    auto db(F&& f) {
        return m_library->withDatabase(
            [&](SQLite::Database& d) -> Result<decltype(f(d))> { return f(d); });
    }
    int count(const std::string& sql) {
        return *db([&](SQLite::Database& d) { return d.execAndGet(sql).getInt(); });
    }
    QuarantineItem quarantinedPhoto(int seed) {
        const auto bytes = test::encodePng(test::markedImage(16, 12, seed));
        QuarantineItem item;
        item.sha256 = sha256Hex(bytes);
        EXPECT_TRUE(m_library->store().put(item.sha256, bytes));
        item.originalName = "home.png";
        item.mediaType = "image/png";
        item.byteSize = static_cast<std::int64_t>(bytes.size());
        item.token = "c1.x.y";
        item.claimedPatient = "P1";
        item.claimedWound = "W1";
        item.reason = "malformed";
        item.detail = "the token is damaged";
        return item;
    }

    TempDir m_dir;
    std::unique_ptr<Library> m_library;
    Photo m_photo;
};

TEST_F(EnrolmentStore, EnrolmentIsFoundByNonceAndRevokedOnce) {
    Enrolment e;
    e.nonce = "00112233445566778899aabbccddeeff";
    e.patientId =
        *db([](SQLite::Database& d) { return d.execAndGet("SELECT id FROM patients").getInt64(); });
    e.woundId = m_photo.woundId;
    e.token = "c1.payload.sig";
    e.createdBy = "dr-who";
    e.createdAt = "2026-01-02T10:00:00Z";
    e.expiresAt = "2026-02-02T10:00:00Z";
    const auto id = *db([&](SQLite::Database& d) { return EnrolmentRepository(d).create(e); });
    const auto found =
        *db([&](SQLite::Database& d) { return EnrolmentRepository(d).findByNonce(e.nonce); });
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->token, e.token);
    EXPECT_FALSE(found->revokedAt);
    EXPECT_FALSE(*db([&](SQLite::Database& d) { return EnrolmentRepository(d).findByNonce("x"); }));

    auto revoked = m_library->withDatabase([&](SQLite::Database& d) {
        return EnrolmentRepository(d).revoke(e.nonce, "nurse", "2026-01-03T09:00:00Z");
    });
    ASSERT_TRUE(revoked) << revoked.error().message;
    auto again = m_library->withDatabase([&](SQLite::Database& d) {
        return EnrolmentRepository(d).revoke(e.nonce, "nurse", "2026-01-04T09:00:00Z");
    });
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::InvalidInput);
    auto unknown = m_library->withDatabase([&](SQLite::Database& d) {
        return EnrolmentRepository(d).revoke("ffff", "nurse", "2026-01-04T09:00:00Z");
    });
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
    const auto after =
        *db([&](SQLite::Database& d) { return EnrolmentRepository(d).findByNonce(e.nonce); });
    EXPECT_EQ(after->revokedAt.value_or(""), "2026-01-03T09:00:00Z");
    EXPECT_EQ(after->revokedBy.value_or(""), "nurse");
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'enrolment.create' AND actor = "
                    "'dr-who'"),
              1);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'enrolment.revoke' AND actor = "
                    "'nurse'"),
              1);
}

TEST_F(EnrolmentStore, QuarantinedItemsAreListedUntilResolvedOnce) {
    const int photosBefore = count("SELECT count(*) FROM photos");
    const auto first = *db([&](SQLite::Database& d) {
        return EnrolmentRepository(d).addQuarantined(quarantinedPhoto(2), "local-user");
    });
    const auto second = *db([&](SQLite::Database& d) {
        return EnrolmentRepository(d).addQuarantined(quarantinedPhoto(3), "local-user");
    });
    EXPECT_EQ(count("SELECT count(*) FROM photos"), photosBefore);
    auto open = *db([](SQLite::Database& d) { return EnrolmentRepository(d).listQuarantine(); });
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].id, first);
    EXPECT_EQ(open[0].reason, "malformed");
    EXPECT_EQ(open[0].photoSource, PhotoSource::Patient);
    EXPECT_EQ(open[0].arrivedVia, ArrivalPath::Import);
    EXPECT_FALSE(open[0].resolution);

    ASSERT_TRUE(m_library->withDatabase(
        [&](SQLite::Database& d) { return EnrolmentRepository(d).markDiscarded(first, "nurse"); }));
    ASSERT_TRUE(m_library->withDatabase([&](SQLite::Database& d) {
        return EnrolmentRepository(d).markFiled(second, m_photo.id, "nurse");
    }));
    auto twice = m_library->withDatabase([&](SQLite::Database& d) {
        return EnrolmentRepository(d).markFiled(first, m_photo.id, "nurse");
    });
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::InvalidInput);
    auto nobody = m_library->withDatabase(
        [&](SQLite::Database& d) { return EnrolmentRepository(d).markDiscarded(999, "nurse"); });
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().code, ErrorCode::NotFound);

    EXPECT_TRUE(
        (*db([](SQLite::Database& d) { return EnrolmentRepository(d).listQuarantine(); })).empty());
    const auto all =
        *db([](SQLite::Database& d) { return EnrolmentRepository(d).listQuarantine(true); });
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].resolution.value_or(""), "discarded");
    EXPECT_EQ(all[1].resolution.value_or(""), "filed");
    EXPECT_EQ(all[1].filedPhotoId.value_or(0), m_photo.id);
    EXPECT_EQ(all[1].resolvedBy.value_or(""), "nurse");
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action LIKE 'quarantine.%'"), 4);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'quarantine.discard' AND "
                    "actor = 'nurse' AND entity_id = " +
                    std::to_string(first)),
              1);
}

}  // namespace
}  // namespace cicatrix::library
