// `cicatrix triage`, `triage decide` and `triage history` through the real binary: the inbox is
// a JSON array of home photos ranked by stored alert severity then waiting time (CICATRIX_NOW
// injects the clock); a decision removes the item and shows in the wound's history with author
// and note; refusals exit 1 with the rule; alerts are stored rows that the next process reads.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <optional>

#include "library/analysis_repository.hpp"
#include "library/library.hpp"
#include "library/triage_repository.hpp"
#include "support/cicatrix_cli.hpp"
#include "support/test_images.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
namespace {

using test::cli;
using test::cliStdout;
using test::quote;
namespace fs = std::filesystem;

class CliTriage : public ::testing::Test {
  protected:
    // The clock and the settings folder are the test's own (inherited by the binary).
    void SetUp() override {
        if (const char* config = std::getenv("XDG_CONFIG_HOME"))
            m_savedConfig = config;
        ::setenv("CICATRIX_NOW", "2026-03-10T12:00:00Z", 1);
        ::setenv("XDG_CONFIG_HOME", (m_dir / "config").c_str(), 1);
    }
    void TearDown() override {
        ::unsetenv("CICATRIX_NOW");
        if (m_savedConfig)
            ::setenv("XDG_CONFIG_HOME", m_savedConfig->c_str(), 1);
        else
            ::unsetenv("XDG_CONFIG_HOME");
    }
    std::string lib() const { return quote((m_dir / "lib").string()); }

    // Imports one generated JPEG; returns its photo id (parsed from "-> photo N").
    std::int64_t import(const std::string& patient, const std::string& source,
                        const std::string& capturedAt) {
        const fs::path file = m_dir / ("p" + std::to_string(++m_seed) + ".jpg");
        test::writeFile(file, test::encodeJpeg(test::markedImage(40, 30, m_seed)));
        const auto r =
            cli("import --library " + lib() + " --patient " + patient + " --patient-name " +
                quote("Name " + patient) + " --wound W1 --site heel --source " + source +
                " --captured-at " + capturedAt + " " + quote(file.string()));
        EXPECT_EQ(r.exitCode, 0) << r.output;
        const auto at = r.output.find("-> photo ");
        EXPECT_NE(at, std::string::npos) << r.output;
        return std::stoll(r.output.substr(at + 9));
    }

    template <typename F>
    void write(F&& f) {
        auto library = Library::open(m_dir / "lib", Library::OpenMode::MustExist);
        ASSERT_TRUE(library);
        auto ok = (*library)->withDatabase([&](SQLite::Database& db) -> Result<void> {
            f(db);
            return {};
        });
        ASSERT_TRUE(ok) << ok.error().message;
    }

    void arrived(std::int64_t photo, const std::string& at) {
        write([&](SQLite::Database& db) {
            SQLite::Statement q(db, "UPDATE photos SET imported_at = ? WHERE id = ?");
            q.bind(1, at);
            q.bind(2, photo);
            q.exec();
        });
    }

    // A calibrated measurement of `photo` (what the trend rules read).
    void measured(std::int64_t photo, double areaCm2) {
        write([&](SQLite::Database& db) {
            Analysis a;
            a.photoId = photo;
            a.maskSource = "manual";
            a.maskSha256 = std::string(64, '0');
            a.calibrationSource = "manual";
            a.mmPerPixel = 0.1;
            a.areaPx = areaCm2 * 10000;
            a.areaCm2 = areaCm2;
            a.tissueMethod = "test";
            AnalysisRepository(db).insert(a);
        });
    }

    nlohmann::json inbox() const {
        const auto r = cliStdout("triage --json --library " + lib());
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }

    static std::vector<std::int64_t> ids(const nlohmann::json& items) {
        std::vector<std::int64_t> out;
        for (const auto& item : items) out.push_back(item["photo_id"].get<std::int64_t>());
        return out;
    }

    test::TempDir m_dir;
    std::optional<std::string> m_savedConfig;
    int m_seed = 0;
};

TEST_F(CliTriage, RankedInboxDecideAndHistory) {
    const auto clinic1 = import("P1", "clinic", "2026-03-01T10:00:00");
    const auto home1 = import("P1", "home_nurse", "2026-03-05T10:00:00");
    const auto clinic2 = import("P2", "clinic", "2026-03-01T10:00:00");
    const auto home2 = import("P2", "patient", "2026-03-06T10:00:00");
    const auto home3 = import("P3", "patient", "2026-03-04T10:00:00");
    arrived(home1, "2026-03-05T11:00:00Z");
    arrived(home2, "2026-03-06T11:00:00Z");
    arrived(home3, "2026-03-04T11:00:00Z");
    // P2's wound grew by half between the visit and the home photo: an area increase alert.
    measured(clinic2, 2.0);
    measured(home2, 3.0);

    auto items = inbox();
    ASSERT_TRUE(items.is_array());
    // Clinic photos never wait; the alert first, then the longest wait.
    EXPECT_EQ(ids(items), (std::vector<std::int64_t>{home2, home3, home1}));
    const auto& top = items[0];
    EXPECT_EQ(top["severity"], 2);
    EXPECT_EQ(top["source"], "patient");
    EXPECT_EQ(top["patient"]["external_id"], "P2");
    EXPECT_EQ(top["patient"]["name"], "Name P2");
    EXPECT_EQ(top["wound"]["label"], "W1");
    EXPECT_EQ(top["wound"]["site"], "heel");
    EXPECT_EQ(top["captured_at"], "2026-03-06T10:00:00");
    EXPECT_EQ(top["arrived_at"], "2026-03-06T11:00:00Z");
    EXPECT_NEAR(top["waiting_hours"].get<double>(), 4 * 24 + 1, 1e-6);
    ASSERT_EQ(top["alerts"].size(), 1u);
    EXPECT_EQ(top["alerts"][0]["kind"], "area_increase");
    EXPECT_EQ(top["alerts"][0]["photo_id"], home2);  // the photo of the alert's day
    EXPECT_FALSE(top["alerts"][0]["title"].get<std::string>().empty());
    EXPECT_EQ(top["last_reviewed_photo_id"], clinic2);
    EXPECT_TRUE(top["last_decision"].is_null());
    EXPECT_EQ(items[2]["last_reviewed_photo_id"], clinic1);
    EXPECT_EQ(items[1]["severity"], 0);
    EXPECT_TRUE(items[1]["last_reviewed_photo_id"].is_null());

    const std::string decide = "triage decide --library " + lib();
    const auto advice =
        cli(decide + " --photo " + std::to_string(home2) + " --decision advice --note " +
            quote("Keep the heel offloaded") + " --as nurse.ana");
    ASSERT_EQ(advice.exitCode, 0) << advice.output;
    EXPECT_EQ(ids(inbox()), (std::vector<std::int64_t>{home3, home1}));

    const auto again =
        cli(decide + " --photo " + std::to_string(home2) + " --decision no_action --as dr.b");
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.output.find("already reviewed on"), std::string::npos) << again.output;
    EXPECT_NE(again.output.find("by nurse.ana"), std::string::npos) << again.output;
    const auto notHome =
        cli(decide + " --photo " + std::to_string(clinic1) + " --decision no_action --as dr.b");
    EXPECT_EQ(notHome.exitCode, 1);
    EXPECT_NE(notHome.output.find("from home"), std::string::npos) << notHome.output;
    const auto unknown =
        cli(decide + " --photo " + std::to_string(home1) + " --decision fine --as dr.b");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.output.find("no_action, advice"), std::string::npos) << unknown.output;
    const auto noNote =
        cli(decide + " --photo " + std::to_string(home1) + " --decision consultation --as dr.b");
    EXPECT_EQ(noNote.exitCode, 1);
    EXPECT_NE(noNote.output.find("needs a note"), std::string::npos) << noNote.output;
    const auto noUser = cli(decide + " --photo " + std::to_string(home1) + " --decision no_action");
    EXPECT_NE(noUser.exitCode, 0);
    EXPECT_NE(noUser.output.find("--as"), std::string::npos) << noUser.output;
    EXPECT_EQ(ids(inbox()), (std::vector<std::int64_t>{home3, home1}));  // nothing recorded

    const auto history =
        cliStdout("triage history --json --library " + lib() + " --patient P2 --wound W1");
    ASSERT_EQ(history.exitCode, 0) << history.output;
    const auto decisions = nlohmann::json::parse(history.output);
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0]["photo_id"], home2);
    EXPECT_EQ(decisions[0]["decision"], "advice");
    EXPECT_EQ(decisions[0]["by"], "nurse.ana");
    EXPECT_EQ(decisions[0]["note"], "Keep the heel offloaded");
    EXPECT_FALSE(decisions[0]["at"].get<std::string>().empty());
    const auto unknownWound = cli("triage history --library " + lib() + " --patient P2 --wound W9");
    EXPECT_EQ(unknownWound.exitCode, 1);

    // A later photo of P2's wound waits again, with the decision to compare against.
    const auto home2b = import("P2", "patient", "2026-03-09T10:00:00");
    items = inbox();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0]["photo_id"], home2b);  // the wound's open alert still ranks it first
    EXPECT_EQ(items[0]["last_reviewed_photo_id"], home2);
    EXPECT_EQ(items[0]["last_decision"]["by"], "nurse.ana");

    const auto text = cli("triage --library " + lib());
    ASSERT_EQ(text.exitCode, 0) << text.output;
    EXPECT_NE(text.output.find("photo " + std::to_string(home3) + "  P3 (Name P3)"),
              std::string::npos)
        << text.output;
}

TEST_F(CliTriage, AlertsAreStoredRowsTheNextProcessReads) {
    const auto clinic = import("P1", "clinic", "2026-03-01T10:00:00");
    const auto home = import("P1", "home_nurse", "2026-03-05T10:00:00");
    measured(clinic, 2.0);
    measured(home, 3.0);
    // A stored alert the rules no longer raise (e.g. before a corrected mask).
    std::int64_t wound = 0;
    write([&](SQLite::Database& db) {
        wound = db.execAndGet("SELECT wound_id FROM photos WHERE id = " + std::to_string(home))
                    .getInt64();
        TriageRepository(db).syncAlerts(wound,
                                        {{clinic, "periwound_redness", 3, "Redness", "stale"}});
    });

    const auto first = inbox();
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(first[0]["alerts"].size(), 1u);
    EXPECT_EQ(first[0]["alerts"][0]["kind"], "area_increase");
    EXPECT_EQ(first[0]["severity"], 2);  // the stale redness alert was cleared
    const auto alertId = first[0]["alerts"][0]["id"].get<std::int64_t>();

    // The next process shows the same stored row, not a new one.
    const auto second = inbox();
    ASSERT_EQ(second[0]["alerts"].size(), 1u);
    EXPECT_EQ(second[0]["alerts"][0]["id"], alertId);
    EXPECT_EQ(second[0]["alerts"][0]["raised_at"], first[0]["alerts"][0]["raised_at"]);
    auto library = Library::open(m_dir / "lib", Library::OpenMode::MustExist);
    ASSERT_TRUE(library);
    const auto rows = (*library)->withReader([&](SQLite::Database& db) -> Result<int> {
        return db
            .execAndGet(
                "SELECT COUNT(*) FROM wound_alerts WHERE cleared_at IS NULL AND "
                "kind = 'area_increase' AND photo_id = " +
                std::to_string(home))
            .getInt();
    });
    ASSERT_TRUE(rows);
    EXPECT_EQ(*rows, 1);
    const auto stale = (*library)->withReader([&](SQLite::Database& db) -> Result<int> {
        return db
            .execAndGet(
                "SELECT COUNT(*) FROM wound_alerts WHERE cleared_at IS NOT NULL AND "
                "kind = 'periwound_redness'")
            .getInt();
    });
    EXPECT_EQ(*stale, 1);
}

TEST_F(CliTriage, MalformedClockIsRefused) {
    import("P1", "patient", "2026-03-05T10:00:00");
    ::setenv("CICATRIX_NOW", "yesterday", 1);
    const auto r = cli("triage --json --library " + lib());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("CICATRIX_NOW"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace cicatrix::workstation
