// The workstation's side of sync without a window: the status-bar progress line and the end
// notice, a patient's overall state, the sync interval setting, and the sync controller on a real
// library and job system (periodic timer, one sync at a time, servers added off the UI thread).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "library/photo_importer.hpp"
#include "support/test_images.hpp"
#include "workstation/app/settings.hpp"
#include "workstation/gui/analysis_controller.hpp"
#include "workstation/gui/browse_controller.hpp"
#include "workstation/gui/sync_controller.hpp"
#include "workstation/gui/sync_view.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;
using Phase = sync::SyncProgress::Phase;

TEST(SyncView, ProgressLineNamesServerPhaseCountsBytesAndRate) {
    sync::SyncProgress p{Phase::Pulling, 120, 500, 34'200'000, 5'100'000};
    EXPECT_EQ(syncProgressText("pacs", p),
              "Sync pacs: pulling 120/500 photos · 34.2 MB · 5.1 MB/s");
    EXPECT_FLOAT_EQ(syncProgressFraction(p), 0.24f);
    EXPECT_EQ(syncProgressText("pacs", {Phase::Connecting, 0, 0, 0, 0}), "Sync pacs: connecting");
    // Counts only mean something while photos move.
    EXPECT_EQ(syncProgressText("pacs", {Phase::Reconciling, 3, 9, 2'000, 0}),
              "Sync pacs: checking for deletions · 2.0 kB");
    EXPECT_LT(syncProgressFraction({Phase::Discovering, 0, 10, 0, 0}), 0.0f);
}

TEST(SyncView, SummaryGivesTheCountsAndWhatFailed) {
    SyncSummary s;
    s.servers = 2;
    s.pulled = 3;
    s.pushed = 1;
    s.markedDeleted = 2;
    s.errors = 1;
    EXPECT_EQ(syncSummaryText(s), "Sync: 3 pulled, 1 pushed, 2 marked deleted, 1 error");
    s.failedServers = 1;
    s.firstError = "pacs: connection refused";
    EXPECT_EQ(syncSummaryText(s),
              "Sync: 3 pulled, 1 pushed, 2 marked deleted, 1 error — 1 of 2 "
              "servers failed: pacs: connection refused");
}

TEST(SyncView, PatientStateIsTheWorstOverItsServers) {
    using library::PatientSyncState;
    using library::PatientSyncStatus;
    EXPECT_FALSE(overallSyncState({}));
    const auto status = [](std::string server, PatientSyncState state) {
        PatientSyncStatus s;
        s.serverName = std::move(server);
        s.state = state;
        return s;
    };
    PatientSyncStatus ok = status("a", PatientSyncState::UpToDate);
    ok.lastSuccessAt = "2026-03-02T10:15:00.000Z";
    const PatientSyncStatus pending = status("b", PatientSyncState::Pending);
    PatientSyncStatus failing = status("c", PatientSyncState::Failing);
    failing.lastError = "401 Unauthorized";
    EXPECT_EQ(overallSyncState({ok}), PatientSyncState::UpToDate);
    EXPECT_EQ(overallSyncState({ok, pending}), PatientSyncState::Pending);
    EXPECT_EQ(overallSyncState({pending, failing, ok}), PatientSyncState::Failing);
    const std::string tip = patientSyncTooltip({ok, failing});
    EXPECT_NE(tip.find("a: Up to date\nLast success: 2026-03-02 10:15 UTC"), std::string::npos)
        << tip;
    EXPECT_NE(tip.find("c: Sync failing\nLast success: never\nLast error: 401 Unauthorized"),
              std::string::npos)
        << tip;
}

TEST(SyncView, IntervalSettingRoundTripsAndIsRangeChecked) {
    TempDir dir;
    EXPECT_EQ(AppSettings{}.syncIntervalMinutes, 15);
    AppSettings s;
    s.syncIntervalMinutes = 0;
    ASSERT_TRUE(saveSettings(dir / "settings.json", s));
    const LoadedSettings loaded = loadSettings(dir / "settings.json");
    EXPECT_TRUE(loaded.problems.empty());
    EXPECT_EQ(loaded.settings.syncIntervalMinutes, 0);
    std::ofstream(dir / "bad.json") << R"({"sync": {"interval_minutes": -5}})";
    const LoadedSettings bad = loadSettings(dir / "bad.json");
    ASSERT_EQ(bad.problems.size(), 1u);
    EXPECT_NE(bad.problems.front().find("sync.interval_minutes"), std::string::npos);
    EXPECT_EQ(bad.settings.syncIntervalMinutes, 15);
}

ServerForm form(std::string name, std::string url) {
    ServerForm f;
    f.name = std::move(name);
    f.url = std::move(url);
    return f;
}

// A library, a job system and the controllers the sync controller works with (constructed before
// the job system they keep a reference to, as in the shell).
struct Fixture {
    TempDir dir;
    std::unique_ptr<Library> library = std::move(*Library::open(dir / "lib"));
    AppState state;
    std::vector<std::pair<std::string, bool>> notices;
    AnalysisController analysis{*library, jobs, state, [](std::string, bool) {},
                                AnalysisSettings{dir / "no-model", 20.0, {}}};
    BrowseController browse{*library, jobs, state, analysis, [](std::string, bool) {}};
    SyncController sync{
        *library,
        jobs,
        state,
        browse,
        [this](std::string text, bool error) { notices.emplace_back(std::move(text), error); },
        /*intervalMinutes=*/1};
    // Last, so destroyed first: joins the workers before the controllers their jobs use go.
    JobSystem jobs{JobWorkers{1, 1}};

    // Runs main-thread callbacks until `done` (or 30 s pass: a hung job fails the test).
    template <typename F>
    bool drainUntil(F&& done) {
        const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!done()) {
            if (std::chrono::steady_clock::now() > limit)
                return false;
            jobs.drainMainThreadQueue();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return true;
    }
    bool noticed(const std::string& text) const {
        return std::ranges::any_of(
            notices, [&](const auto& n) { return n.first.find(text) != std::string::npos; });
    }
};

TEST(SyncController, PeriodicSyncIsDueOncePerIntervalAndOnlyWithAServer) {
    Fixture f;
    EXPECT_FALSE(f.sync.periodicSyncDue(0.0));  // arms the timer: first due after 60 s
    EXPECT_FALSE(f.sync.periodicSyncDue(59.0));
    EXPECT_FALSE(f.sync.periodicSyncDue(61.0)) << "no server configured: nothing to sync";
    SyncServer pacs;
    pacs.id = 1;
    pacs.name = "pacs";
    f.state.sync.servers.push_back({pacs, {}});
    EXPECT_TRUE(f.sync.periodicSyncDue(62.0));
    EXPECT_FALSE(f.sync.periodicSyncDue(63.0)) << "due once, then an interval later";
    EXPECT_FALSE(f.sync.periodicSyncDue(121.0));
    EXPECT_TRUE(f.sync.periodicSyncDue(122.5));
    f.state.sync.running = true;
    EXPECT_FALSE(f.sync.periodicSyncDue(500.0)) << "never while a sync runs";
}

TEST(SyncController, ASecondSyncWhileOneRunsIsIgnoredWithANotice) {
    Fixture f;
    f.sync.syncNow(false);
    EXPECT_TRUE(f.state.sync.running);
    f.sync.syncNow(false);
    EXPECT_TRUE(f.noticed("already running"));
    ASSERT_TRUE(f.drainUntil([&] { return !f.state.sync.running; }));
    EXPECT_TRUE(f.noticed("No server configured"));
    EXPECT_EQ(f.state.sync.runs, 1) << "the second request did not start a sync";
    ASSERT_TRUE(f.state.sync.last);
    EXPECT_EQ(f.state.sync.last->servers, 0u);
}

TEST(SyncController, ServersAreCheckedAddedAndRemovedOnJobs) {
    Fixture f;
    f.sync.addServer(form("pacs", "ftp://pacs"));
    EXPECT_TRUE(f.state.sync.adding);
    ASSERT_TRUE(f.drainUntil([&] { return !f.state.sync.adding; }));
    EXPECT_NE(f.state.sync.formError.find("the URL"), std::string::npos) << f.state.sync.formError;
    EXPECT_EQ(f.state.sync.formResetGeneration, 0u);

    f.sync.addServer(form("pacs", "http://127.0.0.1:9/dicom-web"));
    ASSERT_TRUE(f.drainUntil([&] { return f.state.sync.servers.size() == 1; }));
    EXPECT_TRUE(f.state.sync.formError.empty());
    EXPECT_EQ(f.state.sync.formResetGeneration, 1u) << "the form clears after an add";
    EXPECT_EQ(f.state.sync.servers.front().server.name, "pacs");
    EXPECT_FALSE(f.state.sync.servers.front().state.lastSyncAt);

    f.sync.addServer(form("pacs", "http://127.0.0.1:9/dicom-web"));
    ASSERT_TRUE(f.drainUntil([&] { return !f.state.sync.adding; }));
    EXPECT_FALSE(f.state.sync.formError.empty()) << "the name is taken";

    f.sync.removeServer("pacs");
    ASSERT_TRUE(f.drainUntil([&] { return f.state.sync.servers.empty(); }));
    EXPECT_TRUE(f.noticed("Server pacs removed"));
}

TEST(SyncController, PatientListReadsStatesAndPhotosDeletedOnAServer) {
    Fixture f;
    writeFile(f.dir / "a.jpg", encodeJpeg(markedImage(320, 240, 1)));
    ImportTarget target;
    target.patientExternalId = "P1";
    target.woundLabel = "W1";
    auto imported = PhotoImporter(*f.library).importFile(f.dir / "a.jpg", target);
    ASSERT_TRUE(imported.photo) << imported.message;
    const std::int64_t photoId = imported.photo->id;
    auto written = f.library->withDatabase([&](SQLite::Database& db) -> Result<void> {
        SyncServer pacs;
        pacs.name = "pacs";
        pacs.url = "http://127.0.0.1:9/dicom-web";
        auto id = SyncServerRepository(db).add(pacs);
        if (!id)
            return std::unexpected(id.error());
        SyncStateRepository repo(db);
        ServerInstance instance;
        instance.serverId = *id;
        instance.sopInstanceUid = "1.2.3.4";
        instance.patientExternalId = "P1";
        instance.photoId = photoId;
        repo.recordServerInstance(instance);
        repo.markDeletedOnServer(*id, {"1.2.3.4"});
        repo.setPatientState(*id, "P1", PatientSyncState::Failing, "401 Unauthorized");
        return {};
    });
    ASSERT_TRUE(written) << written.error().message;

    auto view = f.library->withReader(readPatientSyncView);
    ASSERT_TRUE(view) << view.error().message;
    EXPECT_EQ(view->deletedOnServer, (std::map<std::int64_t, std::string>{{photoId, "pacs"}}));
    ASSERT_EQ(view->patientStates.count("P1"), 1u);
    EXPECT_EQ(view->patientStates.at("P1").front().lastError, "401 Unauthorized");

    // The patient list brings them into the state.
    f.browse.loadPatients(false);
    ASSERT_TRUE(f.drainUntil([&] { return !f.state.patients.empty(); }));
    EXPECT_EQ(f.state.sync.deletedOnServer.at(photoId), "pacs");
    EXPECT_EQ(overallSyncState(f.state.sync.patientStates.at("P1")), PatientSyncState::Failing);
}

TEST(SyncController, ConnectionTestToAClosedPortFailsWithTheReason) {
    Fixture f;
    f.sync.addServer(form("down", "http://127.0.0.1:9/dicom-web"));
    ASSERT_TRUE(f.drainUntil([&] { return f.state.sync.servers.size() == 1; }));
    f.sync.testConnection("down");
    EXPECT_TRUE(f.state.sync.tests.at("down").running);
    ASSERT_TRUE(f.drainUntil([&] { return !f.state.sync.tests.at("down").running; }));
    EXPECT_FALSE(f.state.sync.tests.at("down").ok);
    EXPECT_FALSE(f.state.sync.tests.at("down").message.empty());
}

}  // namespace
}  // namespace cicatrix::workstation
