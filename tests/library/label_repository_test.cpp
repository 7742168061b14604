// The label workflow on a real library: versions numbered per photo, submit → approve by another
// user or send back with a comment; an annotator cannot approve their own label; an approved
// version cannot change or be deleted (repository and schema both refuse); the queue lists photos
// without an approved label, most uncertain model outline first.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "library/analysis_repository.hpp"
#include "library/label_repository.hpp"
#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

using test::TempDir;

class Labels : public ::testing::Test {
  protected:
    void SetUp() override {
        auto library = Library::open(m_dir.path());
        ASSERT_TRUE(library);
        m_library = std::move(*library);
        PhotoImporter importer(*m_library);
        for (int i = 1; i <= 3; ++i) {
            ImportTarget target;
            target.patientExternalId = i == 3 ? "P2" : "P1";
            target.woundLabel = "W1";
            target.capturedAtOverride = "2026-01-0" + std::to_string(i) + "T10:00:00";
            const auto bytes = test::encodeJpeg(test::markedImage(32, 24, i));
            ImportMetadata m;
            m.originalName = "p.jpg";
            auto r = importer.importBytes(bytes, target, m);
            ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
            m_photos.push_back(r.photo->id);
        }
    }

    template <typename F>
    auto write(F&& f) {
        return m_library->withDatabase(
            [&](SQLite::Database& db) { return f(LabelRepository(db)); });
    }

    Result<LabelVersion> submitted(std::int64_t photo, const std::string& user) {
        return write([&](LabelRepository r) {
            return r.add({photo, std::nullopt, LabelStatus::Submitted, "sha-" + user, "manual",
                          std::nullopt, std::nullopt, user});
        });
    }

    TempDir m_dir;
    std::unique_ptr<Library> m_library;
    std::vector<std::int64_t> m_photos;
};

TEST_F(Labels, VersionsAreNumberedPerPhotoAndTheReviewerMustNotBeTheAnnotator) {
    auto draft = write([&](LabelRepository r) {
        return r.add({m_photos[0], std::nullopt, LabelStatus::AiDraft, "sha-ai", "model",
                      "wound-unet", "1.2", "local-user"});
    });
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->version, 1);
    auto work = write([&](LabelRepository r) {
        return r.add({m_photos[0], draft->id, LabelStatus::InProgress, "sha-ann", "manual",
                      std::nullopt, std::nullopt, "anna"});
    });
    ASSERT_TRUE(work);
    EXPECT_EQ(work->version, 2);
    EXPECT_EQ(work->parentId, draft->id);
    EXPECT_FALSE(write([&](LabelRepository r) { return r.submit(work->id, "bob"); }))
        << "only its annotator submits";
    ASSERT_TRUE(write([&](LabelRepository r) { return r.submit(work->id, "anna"); }));

    auto own = write([&](LabelRepository r) { return r.approve(work->id, "anna"); });
    ASSERT_FALSE(own);
    EXPECT_NE(own.error().message.find("cannot review"), std::string::npos);
    auto noComment = write([&](LabelRepository r) { return r.sendBack(work->id, "bob", "  "); });
    EXPECT_FALSE(noComment);

    auto approved = write([&](LabelRepository r) { return r.approve(work->id, "bob"); });
    ASSERT_TRUE(approved) << approved.error().message;
    EXPECT_EQ(approved->status, LabelStatus::Approved);
    EXPECT_EQ(approved->reviewedBy, "bob");
    EXPECT_EQ(write([](LabelRepository r) -> Result<std::vector<std::string>> {
                  return r.users();
              }).value(),
              (std::vector<std::string>{"anna", "bob", "local-user"}));
    // Who did what is in the audit trail.
    SQLite::Database db((m_dir / "library.db").string());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'label.%'").getInt(),
              4);
}

TEST_F(Labels, AnApprovedVersionCannotChangeOrBeDeletedEvenBySql) {
    auto v = submitted(m_photos[0], "anna");
    ASSERT_TRUE(v);
    ASSERT_TRUE(write([&](LabelRepository r) { return r.approve(v->id, "bob"); }));
    EXPECT_FALSE(write([&](LabelRepository r) { return r.sendBack(v->id, "carl", "late"); }));
    auto direct = m_library->withDatabase([&](SQLite::Database& db) -> Result<int> {
        return db.exec("UPDATE label_versions SET labels_sha256 = 'other' WHERE id = " +
                       std::to_string(v->id));
    });
    ASSERT_FALSE(direct);
    EXPECT_NE(direct.error().message.find("cannot change"), std::string::npos);
    EXPECT_FALSE(m_library->withDatabase([&](SQLite::Database& db) -> Result<int> {
        return db.exec("DELETE FROM label_versions WHERE id = " + std::to_string(v->id));
    }));
    // A correction is a new version, reviewed again.
    auto correction = write([&](LabelRepository r) {
        return r.add({m_photos[0], v->id, LabelStatus::InProgress, "sha-fix", "manual",
                      std::nullopt, std::nullopt, "anna"});
    });
    ASSERT_TRUE(correction);
    EXPECT_EQ(correction->version, 2);
    EXPECT_EQ(write([&](LabelRepository r) -> Result<std::optional<LabelVersion>> {
                  return r.latestApproved(m_photos[0]);
              })
                  .value()
                  ->labelsSha256,
              "sha-anna");
}

TEST_F(Labels, TheQueueHoldsUnapprovedPhotosMostUncertainFirstWithFilters) {
    // Model analyses with uncertainties 0.1, 0.4 (and none for the third photo).
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(m_library->withDatabase([&](SQLite::Database& db) -> Result<void> {
            Analysis a;
            a.photoId = m_photos[static_cast<std::size_t>(i)];
            a.maskSource = "model";
            a.maskSha256 = "m";
            a.modelName = "wound-unet";
            a.modelVersion = i == 0 ? "1.0" : "2.0";
            a.calibrationSource = "none";
            a.tissueMethod = "t";
            a.meanUncertainty = i == 0 ? 0.1 : 0.4;
            AnalysisRepository(db).insert(a);
            return {};
        }));
    }
    auto v = submitted(m_photos[2], "anna");
    ASSERT_TRUE(write([&](LabelRepository r) { return r.approve(v->id, "bob"); }));
    const auto queue =
        write([](LabelRepository r) -> Result<std::vector<QueueItem>> { return r.queue(); });
    ASSERT_EQ(queue->size(), 2u);
    EXPECT_EQ((*queue)[0].photoId, m_photos[1]);  // 0.4 before 0.1
    EXPECT_EQ((*queue)[1].photoId, m_photos[0]);
    QueueFilter byVersion;
    byVersion.modelVersion = "1.0";
    EXPECT_EQ(write([&](LabelRepository r) -> Result<std::vector<QueueItem>> {
                  return r.queue(byVersion);
              })->size(),
              1u);
    QueueFilter byPatient;
    byPatient.patientExternalId = "P2";
    EXPECT_TRUE(write([&](LabelRepository r) -> Result<std::vector<QueueItem>> {
                    return r.queue(byPatient);
                })->empty());
}

}  // namespace
}  // namespace cicatrix::library
