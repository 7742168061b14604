// The sync engine against a real Orthanc when things go wrong (issue 7): Orthanc killed in the
// middle of a pull (a clear, retryable error; after a restart the pull finishes with exactly the
// server's set, no duplicate, no orphan) and a wrong password (a clear error, nothing changed).
#include <gtest/gtest.h>

#include <map>

#include "library/photo_importer.hpp"
#include "library/sync_state_repository.hpp"
#include "sync/sync_robustness_support.hpp"

namespace cicatrix::sync {
namespace {

using namespace robust;
using test::OrthancServer;

TEST(SyncRobustness, ServerKilledMidPullFailsClearlyThenFinishesWithExactlyTheServersSet) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;
    constexpr int kPhotos = 40;
    {
        HttpClient client(seed::orthancOptions(*server));
        const std::string study = generateUid(), series = generateUid();
        for (int i = 0; i < kPhotos; ++i) {
            seed::SeedPhoto photo;
            photo.studyUid = i < kPhotos / 2 ? study : generateUid();
            photo.seriesUid = i < kPhotos / 2 ? series : generateUid();
            photo.jpeg = seed::distinctJpeg(i);
            auto stored = seed::storeEncodedPhoto(client, *server, photo);
            ASSERT_TRUE(stored) << stored.error().message;
        }
    }
    const std::set<std::string> onServer = serverSopUids(*server, "P1");
    ASSERT_EQ(onServer.size(), static_cast<std::size_t>(kPhotos));

    ScratchDir dir;
    auto library = openLibrary(dir.path() / "lib");
    addServer(*library, server->dicomWebRoot(), writeSecret(dir.path() / "pw", server->password()),
              {"P1"});

    SyncOptions options = quickOptions();
    options.batchSize = 4;
    options.parallel = 2;
    bool killed = false;
    std::size_t doneWhenKilled = 0;
    // The callback runs on the syncing thread, between batches: Orthanc dies after the first.
    auto first = syncWithServer(*library, "pacs", options, {}, [&](const SyncProgress& p) {
        if (!killed && p.phase == SyncProgress::Phase::Pulling && p.itemsDone > 0) {
            doneWhenKilled = p.itemsDone;
            server->kill();
            killed = true;
        }
    });
    ASSERT_TRUE(killed) << "the pull never reported a finished batch";
    ASSERT_FALSE(first) << "a sync whose server died cannot succeed";
    EXPECT_TRUE(isRetryableTransport(first.error().code))
        << syncErrorCodeName(first.error().code) << ": " << first.error().message;
    EXPECT_TRUE(first.error().retryable());
    EXPECT_FALSE(first.error().message.empty());

    const std::int64_t photosAfterKill = count(*library, "photos");
    EXPECT_GE(photosAfterKill, static_cast<std::int64_t>(doneWhenKilled))
        << "committed batches stay";
    EXPECT_LT(photosAfterKill, kPhotos);
    EXPECT_EQ(count(*library, "photo_instances"), photosAfterKill);
    for (const std::string& uid : localSopUids(*library))
        EXPECT_TRUE(onServer.contains(uid)) << uid << " is not on the server";
    EXPECT_EQ(integrity(*library), "ok");
    EXPECT_EQ(strayObjects(*library), std::vector<std::string>{});
    auto failing = library->withReader([&](SQLite::Database& db) {
        return lib::Result<std::vector<lib::PatientSyncStatus>>(
            lib::SyncStateRepository(db).patientStates());
    });
    ASSERT_TRUE(failing && failing->size() == 1u);
    EXPECT_EQ((*failing)[0].state, lib::PatientSyncState::Failing);
    EXPECT_EQ((*failing)[0].lastError, first.error().message);

    ASSERT_TRUE(server->restart(error)) << error;
    auto second = syncWithServer(*library, "pacs", options);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE(second->complete());
    EXPECT_EQ(second->pulled, static_cast<std::size_t>(kPhotos - photosAfterKill));
    EXPECT_EQ(localSopUids(*library), onServer) << "exactly the server's set";
    EXPECT_EQ(count(*library, "photos"), kPhotos) << "no duplicate photo";
    EXPECT_EQ(count(*library, "photo_instances"), kPhotos);
    EXPECT_EQ(count(*library, "sync_outbox"), 0) << "pulled photos are not pushed back";
    EXPECT_EQ(integrity(*library), "ok");
    EXPECT_EQ(strayObjects(*library), std::vector<std::string>{});
}

TEST(SyncRobustness, WrongPasswordFailsClearlyAndChangesNothing) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;
    {
        HttpClient client(seed::orthancOptions(*server));
        for (int i = 0; i < 3; ++i) {
            seed::SeedPhoto photo;
            photo.jpeg = seed::distinctJpeg(i);
            ASSERT_TRUE(seed::storeEncodedPhoto(client, *server, photo));
        }
    }
    ScratchDir dir;
    auto library = openLibrary(dir.path() / "lib");
    // A local photo of the same patient: a sync that got through would push it.
    lib::ImportTarget target;
    target.patientExternalId = "P1";
    target.woundLabel = "Left heel";
    target.capturedAtOverride = "2026-03-01T09:00:00";
    const std::string jpeg = seed::distinctJpeg(99);
    lib::PhotoImporter importer(*library);
    const auto imported =
        importer.importBytes({reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size()},
                             target, {"local.jpg", std::nullopt, std::nullopt, std::nullopt});
    ASSERT_EQ(imported.outcome, lib::ImportOutcome::Imported) << imported.message;
    addServer(*library, server->dicomWebRoot(), writeSecret(dir.path() / "pw", "not-the-password"),
              {"P1"});

    const std::vector<std::string> tables = {
        "patients", "wounds", "photos", "photo_instances", "sync_outbox", "sync_server_instances",
        "audit_log"};
    std::map<std::string, std::int64_t> before;
    for (const std::string& t : tables) before[t] = count(*library, t);
    const std::set<std::string> filesBefore = listing(library->root() / "objects");

    auto result = syncWithServer(*library, "pacs", quickOptions());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, SyncErrorCode::Unauthorized) << result.error().message;
    EXPECT_FALSE(result.error().retryable()) << "a wrong password does not pass by retrying";
    EXPECT_NE(result.error().message.find("credentials"), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().message.find("not-the-password"), std::string::npos)
        << "the secret never shows in a message";

    for (const std::string& t : tables) EXPECT_EQ(count(*library, t), before[t]) << t;
    EXPECT_EQ(listing(library->root() / "objects"), filesBefore);
    auto states = library->withReader([&](SQLite::Database& db) {
        return lib::Result<std::vector<lib::PatientSyncStatus>>(
            lib::SyncStateRepository(db).patientStates());
    });
    ASSERT_TRUE(states && states->size() == 1u);
    EXPECT_EQ((*states)[0].patientExternalId, "P1");
    EXPECT_EQ((*states)[0].state, lib::PatientSyncState::Failing);
    EXPECT_EQ((*states)[0].lastError, result.error().message);
    auto serverState = library->withReader([&](SQLite::Database& db) {
        return lib::Result<lib::ServerSyncState>(lib::SyncStateRepository(db).serverState(1));
    });
    ASSERT_TRUE(serverState);
    EXPECT_EQ(serverState->lastResult, "failed");
    EXPECT_FALSE(serverState->changesCursor) << "no cursor from a refused sync";
    EXPECT_EQ(serverSopUids(*server, "P1").size(), 3u) << "nothing was pushed";
}

}  // namespace
}  // namespace cicatrix::sync
