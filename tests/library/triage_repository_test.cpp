// The triage inbox on a real library: only photos from home wait (clinic photos never), ranked by
// the wound's alert severity then by waiting time; a decision removes its photo and the wound's
// earlier arrivals but not later ones; refusals say the rule; decisions cannot change or be
// deleted; stored alerts are raised, kept and cleared by syncAlerts.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "library/triage_repository.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

using test::TempDir;

constexpr char kNow[] = "2026-03-10T12:00:00Z";

class Triage : public ::testing::Test {
  protected:
    void SetUp() override {
        auto library = Library::open(m_dir.path());
        ASSERT_TRUE(library);
        m_library = std::move(*library);
    }

    // Imports one photo and sets its arrival time (imported_at) to `arrivedAt`.
    std::int64_t photo(const std::string& patient, const std::string& wound, PhotoSource source,
                       const std::string& capturedAt, const std::string& arrivedAt) {
        ImportTarget target;
        target.patientExternalId = patient;
        target.patientDisplayName = "Name of " + patient;
        target.woundLabel = wound;
        target.woundDetails.anatomicalSite = "heel";
        target.source = source;
        target.capturedAtOverride = capturedAt;
        ImportMetadata m;
        m.originalName = "p.jpg";
        auto r = PhotoImporter(*m_library)
                     .importBytes(test::encodeJpeg(test::markedImage(32, 24, ++m_seed)), target, m);
        EXPECT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
        const std::int64_t id = r.photo->id;
        auto ok = m_library->withDatabase([&](SQLite::Database& db) -> Result<void> {
            SQLite::Statement q(db, "UPDATE photos SET imported_at = ? WHERE id = ?");
            q.bind(1, arrivedAt);
            q.bind(2, id);
            q.exec();
            return {};
        });
        EXPECT_TRUE(ok);
        return id;
    }

    std::int64_t woundOf(std::int64_t photoId) {
        return *m_library->withReader([&](SQLite::Database& db) -> Result<std::int64_t> {
            return db
                .execAndGet("SELECT wound_id FROM photos WHERE id = " + std::to_string(photoId))
                .getInt64();
        });
    }

    std::vector<std::int64_t> inboxPhotos() {
        auto items =
            m_library->withReader([&](SQLite::Database& db) -> Result<std::vector<InboxItem>> {
                return TriageRepository(db).inbox(kNow);
            });
        EXPECT_TRUE(items);
        std::vector<std::int64_t> ids;
        for (const auto& item : *items) ids.push_back(item.photo.id);
        return ids;
    }

    Result<TriageDecisionRecord> decide(std::int64_t photoId, TriageDecision decision,
                                        const std::string& note, const std::string& user) {
        return m_library->withDatabase([&](SQLite::Database& db) {
            return TriageRepository(db).decide(photoId, decision, note, user);
        });
    }

    std::size_t syncAlerts(std::int64_t woundId, const std::vector<NewAlert>& alerts) {
        return *m_library->withDatabase([&](SQLite::Database& db) -> Result<std::size_t> {
            return TriageRepository(db).syncAlerts(woundId, alerts);
        });
    }

    static NewAlert alert(std::int64_t photoId, const std::string& kind) {
        return {photoId, kind, alertSeverity(kind), "title " + kind, "because " + kind};
    }

    TempDir m_dir;
    std::unique_ptr<Library> m_library;
    int m_seed = 0;
};

TEST_F(Triage, InboxHoldsOnlyPhotosFromHome) {
    const auto clinic =
        photo("P1", "W1", PhotoSource::Clinic, "2026-03-01T10:00:00", "2026-03-01T10:05:00Z");
    const auto imported =
        photo("P1", "W1", PhotoSource::Imported, "2026-03-02T10:00:00", "2026-03-02T10:05:00Z");
    const auto nurse =
        photo("P1", "W1", PhotoSource::HomeNurse, "2026-03-05T10:00:00", "2026-03-05T11:00:00Z");
    const auto patient =
        photo("P2", "W1", PhotoSource::Patient, "2026-03-06T10:00:00", "2026-03-06T11:00:00Z");
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{nurse, patient}));

    auto items =
        *m_library->withReader([&](SQLite::Database& db) -> Result<std::vector<InboxItem>> {
            return TriageRepository(db).inbox(kNow);
        });
    ASSERT_EQ(items.size(), 2U);
    EXPECT_EQ(items[0].patientExternalId, "P1");
    EXPECT_EQ(items[0].patientName, "Name of P1");
    EXPECT_EQ(items[0].woundLabel, "W1");
    EXPECT_EQ(items[0].woundSite, "heel");
    EXPECT_EQ(items[0].severity, 0);
    EXPECT_NEAR(items[0].waitingHours, 5 * 24 + 1, 1e-6);  // 03-05 11:00 -> 03-10 12:00
    // Compared with the wound's latest clinic-side photo captured before it; none for P2.
    EXPECT_EQ(items[0].lastReviewedPhotoId, imported);
    EXPECT_FALSE(items[1].lastReviewedPhotoId);
    EXPECT_FALSE(items[0].lastDecision);
    (void)clinic;
}

TEST_F(Triage, RankedBySeverityThenWaitingTime) {
    const auto a = photo("P1", "W1", PhotoSource::Patient, "2026-03-01T09:00:00",
                         "2026-03-01T09:00:00Z");  // waits longest, no alert
    const auto b = photo("P2", "W1", PhotoSource::HomeNurse, "2026-03-08T09:00:00",
                         "2026-03-08T09:00:00Z");  // stalled (1)
    const auto c = photo("P3", "W1", PhotoSource::HomeNurse, "2026-03-09T09:00:00",
                         "2026-03-09T09:00:00Z");  // redness (3), newest
    const auto d = photo("P4", "W1", PhotoSource::Patient, "2026-03-02T09:00:00",
                         "2026-03-02T09:00:00Z");  // stalled (1), waits longer than b
    const auto e = photo("P5", "W1", PhotoSource::Patient, "2026-03-03T09:00:00",
                         "2026-03-03T09:00:00.000Z");  // no alert, the ".000Z" form
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{a, d, e, b, c}));  // arrival order
    syncAlerts(woundOf(b), {alert(b, "stalled_healing")});
    syncAlerts(woundOf(c), {alert(c, "stalled_healing"), alert(c, "periwound_redness")});
    syncAlerts(woundOf(d), {alert(d, "stalled_healing")});
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{c, d, b, a, e}));

    auto items =
        *m_library->withReader([&](SQLite::Database& db) -> Result<std::vector<InboxItem>> {
            return TriageRepository(db).inbox(kNow);
        });
    ASSERT_EQ(items[0].alerts.size(), 2U);
    EXPECT_EQ(items[0].severity, 3);
    EXPECT_EQ(items[0].alerts[0].kind, "periwound_redness");  // most severe first
    EXPECT_EQ(items[0].alerts[1].kind, "stalled_healing");
}

TEST_F(Triage, DecisionCoversEarlierArrivalsOfTheWoundButNotLaterOnes) {
    const auto first =
        photo("P1", "W1", PhotoSource::HomeNurse, "2026-03-01T10:00:00", "2026-03-01T10:00:00Z");
    const auto second =
        photo("P1", "W1", PhotoSource::HomeNurse, "2026-03-03T10:00:00", "2026-03-03T10:00:00Z");
    const auto otherWound =
        photo("P1", "W2", PhotoSource::HomeNurse, "2026-03-02T10:00:00", "2026-03-02T10:00:00Z");
    ASSERT_EQ(inboxPhotos(), (std::vector<std::int64_t>{first, otherWound, second}));

    auto decided = decide(second, TriageDecision::Advice, "keep the dressing dry", "nurse.ana");
    ASSERT_TRUE(decided) << decided.error().message;
    EXPECT_EQ(decided->photoId, second);
    EXPECT_EQ(decided->decidedBy, "nurse.ana");
    EXPECT_EQ(decided->note, "keep the dressing dry");
    EXPECT_FALSE(decided->decidedAt.empty());
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{otherWound}));

    // A later arrival waits for its own decision; it is compared with the decided photo.
    const auto later =
        photo("P1", "W1", PhotoSource::Patient, "2026-03-04T10:00:00", "2026-03-04T10:00:00Z");
    // Same arrival second as the decided photo, but imported after it: still waiting.
    const auto sameSecond =
        photo("P1", "W1", PhotoSource::Patient, "2026-03-04T11:00:00", "2026-03-03T10:00:00Z");
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{otherWound, sameSecond, later}));
    auto items =
        *m_library->withReader([&](SQLite::Database& db) -> Result<std::vector<InboxItem>> {
            return TriageRepository(db).inbox(kNow);
        });
    EXPECT_EQ(items[2].lastReviewedPhotoId, second);
    ASSERT_TRUE(items[2].lastDecision);
    EXPECT_EQ(items[2].lastDecision->decision, TriageDecision::Advice);

    // Deciding on the older of two waiting photos leaves the newer one waiting.
    ASSERT_TRUE(decide(sameSecond, TriageDecision::NoAction, "", "nurse.ana"));
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{otherWound, later}));
    ASSERT_TRUE(decide(later, TriageDecision::Consultation, "see next week", "dr.b"));
    EXPECT_EQ(inboxPhotos(), (std::vector<std::int64_t>{otherWound}));

    const auto history = *m_library->withReader(
        [&](SQLite::Database& db) -> Result<std::vector<TriageDecisionRecord>> {
            return TriageRepository(db).decisionsForWound(woundOf(first));
        });
    ASSERT_EQ(history.size(), 3U);
    EXPECT_EQ(history[0].decision, TriageDecision::Advice);
    EXPECT_EQ(history[1].decision, TriageDecision::NoAction);
    EXPECT_EQ(history[2].decision, TriageDecision::Consultation);
    EXPECT_EQ(history[2].decidedBy, "dr.b");

    const auto audited = *m_library->withReader([&](SQLite::Database& db) -> Result<int> {
        return db.execAndGet("SELECT COUNT(*) FROM audit_log WHERE action = 'triage.decide'")
            .getInt();
    });
    EXPECT_EQ(audited, 3);
}

TEST_F(Triage, RefusalsSayTheRule) {
    const auto clinic =
        photo("P1", "W1", PhotoSource::Clinic, "2026-03-01T10:00:00", "2026-03-01T10:00:00Z");
    const auto home1 =
        photo("P1", "W1", PhotoSource::Patient, "2026-03-02T10:00:00", "2026-03-02T10:00:00Z");
    const auto home2 =
        photo("P1", "W1", PhotoSource::Patient, "2026-03-03T10:00:00", "2026-03-03T10:00:00Z");

    auto notHome = decide(clinic, TriageDecision::NoAction, "", "nurse.ana");
    ASSERT_FALSE(notHome);
    EXPECT_EQ(notHome.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(notHome.error().message.find("from home"), std::string::npos);

    auto noUser = decide(home2, TriageDecision::NoAction, "", "  ");
    ASSERT_FALSE(noUser);
    EXPECT_NE(noUser.error().message.find("user"), std::string::npos);

    auto noNote = decide(home2, TriageDecision::TreatmentAdjusted, " ", "nurse.ana");
    ASSERT_FALSE(noNote);
    EXPECT_NE(noNote.error().message.find("note"), std::string::npos);

    auto missing = decide(9999, TriageDecision::NoAction, "", "nurse.ana");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    ASSERT_TRUE(decide(home2, TriageDecision::NoAction, "", "nurse.ana"));
    for (const auto id : {home1, home2}) {
        auto again = decide(id, TriageDecision::Advice, "more", "dr.b");
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, ErrorCode::InvalidInput);
        EXPECT_NE(again.error().message.find("already reviewed on"), std::string::npos)
            << again.error().message;
        EXPECT_NE(again.error().message.find("by nurse.ana"), std::string::npos);
    }
    // Nothing was recorded by the refused calls.
    const auto rows = *m_library->withReader([&](SQLite::Database& db) -> Result<int> {
        return db.execAndGet("SELECT COUNT(*) FROM triage_decisions").getInt();
    });
    EXPECT_EQ(rows, 1);
}

TEST_F(Triage, DecisionsAreHistoryTheSchemaRefusesToChange) {
    const auto home =
        photo("P1", "W1", PhotoSource::Patient, "2026-03-02T10:00:00", "2026-03-02T10:00:00Z");
    ASSERT_TRUE(decide(home, TriageDecision::Advice, "rest", "nurse.ana"));
    auto update = m_library->withDatabase([&](SQLite::Database& db) -> Result<int> {
        return db.exec("UPDATE triage_decisions SET note = 'changed'");
    });
    ASSERT_FALSE(update);
    EXPECT_NE(update.error().message.find("cannot change"), std::string::npos);
    auto remove = m_library->withDatabase([&](SQLite::Database& db) -> Result<int> {
        return db.exec("DELETE FROM triage_decisions");
    });
    ASSERT_FALSE(remove);
    EXPECT_NE(remove.error().message.find("cannot be deleted"), std::string::npos);
    const auto note = *m_library->withReader([&](SQLite::Database& db) -> Result<std::string> {
        return db.execAndGet("SELECT note FROM triage_decisions").getString();
    });
    EXPECT_EQ(note, "rest");
}

TEST_F(Triage, SyncAlertsInsertsKeepsAndClears) {
    const auto p1 =
        photo("P1", "W1", PhotoSource::Clinic, "2026-03-01T10:00:00", "2026-03-01T10:00:00Z");
    const auto p2 =
        photo("P1", "W1", PhotoSource::Patient, "2026-03-02T10:00:00", "2026-03-02T10:00:00Z");
    const auto wound = woundOf(p1);
    auto open = [&] {
        return *m_library->withReader(
            [&](SQLite::Database& db) -> Result<std::vector<StoredAlert>> {
                return TriageRepository(db).openAlerts(wound);
            });
    };
    EXPECT_EQ(syncAlerts(wound, {alert(p1, "stalled_healing"), alert(p2, "area_increase")}), 2U);
    ASSERT_EQ(open().size(), 2U);
    EXPECT_EQ(open()[0].kind, "area_increase");  // severity 2 before 1
    EXPECT_EQ(open()[0].severity, 2);
    EXPECT_EQ(open()[0].photoId, p2);
    EXPECT_EQ(open()[0].explanation, "because area_increase");

    // The same alerts again: nothing new; one gone: cleared, not deleted.
    EXPECT_EQ(syncAlerts(wound, {alert(p1, "stalled_healing"), alert(p2, "area_increase")}), 0U);
    EXPECT_EQ(syncAlerts(wound, {alert(p2, "area_increase")}), 0U);
    ASSERT_EQ(open().size(), 1U);
    EXPECT_EQ(open()[0].kind, "area_increase");
    const auto cleared = *m_library->withReader([&](SQLite::Database& db) -> Result<int> {
        return db.execAndGet("SELECT COUNT(*) FROM wound_alerts WHERE cleared_at IS NOT NULL")
            .getInt();
    });
    EXPECT_EQ(cleared, 1);

    // Raised again: reopened (counted as new); none raised: every alert cleared.
    EXPECT_EQ(syncAlerts(wound, {alert(p1, "stalled_healing"), alert(p2, "area_increase")}), 1U);
    EXPECT_EQ(open().size(), 2U);
    EXPECT_EQ(syncAlerts(wound, {}), 0U);
    EXPECT_TRUE(open().empty());
    const auto rows = *m_library->withReader([&](SQLite::Database& db) -> Result<int> {
        return db.execAndGet("SELECT COUNT(*) FROM wound_alerts").getInt();
    });
    EXPECT_EQ(rows, 2);
}

TEST_F(Triage, DecisionNamesRoundTrip) {
    for (const auto d : {TriageDecision::NoAction, TriageDecision::Advice,
                         TriageDecision::TreatmentAdjusted, TriageDecision::Consultation})
        EXPECT_EQ(triageDecisionFromString(toString(d)), d);
    EXPECT_FALSE(triageDecisionFromString("fine"));
    EXPECT_EQ(displayName(TriageDecision::Consultation), "Consultation proposed");
    EXPECT_EQ(alertSeverity("periwound_redness"), 3);
    EXPECT_EQ(alertSeverity("necrosis_rising"), 2);
    EXPECT_EQ(alertSeverity("stalled_healing"), 1);
}

}  // namespace
}  // namespace cicatrix::library
