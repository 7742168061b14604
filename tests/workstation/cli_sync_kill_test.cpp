// `cicatrix sync` SIGKILLed at random points (seeded) against a real Orthanc, trial after trial
// with new photos on both sides: after each kill the library passes `PRAGMA integrity_check`, and
// the next sync completes with no orphan object, no temp file, no duplicate, exactly the server's
// set of instances, and every local photo on the server exactly once.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <set>
#include <thread>

#include "support/cicatrix_cli.hpp"
#include "support/orthanc_server.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/qido.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;
namespace seed = cicatrix::sync::seed;

// Starts `cicatrix sync` on `library` (output to `log`), returns its pid.
pid_t startSync(const fs::path& library, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::string binary = CICATRIX_BINARY, sync = "sync", libraryFlag = "--library",
                dir = library.string(), serverFlag = "--server", server = "pacs";
    char* argv[] = {binary.data(), sync.data(), libraryFlag.data(), dir.data(), serverFlag.data(),
                    server.data(), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

std::set<std::string> serverSopUids(const OrthancServer& server) {
    sync::HttpClient client(seed::orthancOptions(server));
    sync::QidoQuery q;
    q.level = sync::QidoQuery::Level::Instances;
    q.filters.emplace_back(std::string(sync::tag::kPatientId), "P1");
    auto found = sync::qidoSearch(client, server.dicomWebRoot(), q, 1000);
    std::set<std::string> out;
    if (!found)
        return {"QIDO failed: " + found.error().message};
    for (const auto& a : *found) out.insert(a.first(sync::tag::kSopInstanceUid).value_or(""));
    return out;
}

std::vector<std::string> column(SQLite::Database& db, const std::string& sql) {
    std::vector<std::string> out;
    SQLite::Statement q(db, sql);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

std::string lastLine(const fs::path& file) {
    std::ifstream in(file);
    std::string line, last = "(none)";
    while (std::getline(in, line))
        if (!line.empty())
            last = line;
    return last;
}

// Waits until `pid` printed its first progress line to `log` (the sync has begun). False, with
// its `status`, when it exited before that.
bool waitUntilSyncing(pid_t pid, const fs::path& log, int& status) {
    for (;;) {
        if (::waitpid(pid, &status, WNOHANG) == pid)
            return false;
        std::ifstream in(log);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        if (text.find("sync pacs: ") != std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

class Scenario {
  public:
    Scenario(OrthancServer& server, const TempDir& dir) : m_server(server), m_dir(dir) {}

    void seedServer(int photos) {
        sync::HttpClient client(seed::orthancOptions(m_server));
        const std::string study = sync::generateUid();
        for (int i = 0; i < photos; ++i, ++m_seeded) {
            seed::SeedPhoto photo;
            photo.studyUid = study;
            photo.captureIso = "2026-02-" + std::to_string(10 + i % 15) + "T10:00:00";
            photo.jpeg = seed::distinctJpeg(m_seeded);
            auto stored = seed::storeEncodedPhoto(client, m_server, photo);
            ASSERT_TRUE(stored) << stored.error().message;
        }
    }

    void importLocal(const fs::path& library, int photos) {
        for (int i = 0; i < photos; ++i, ++m_imported) {
            const fs::path file = m_dir / ("local-" + std::to_string(m_imported) + ".jpg");
            writeFile(file, withExif(encodeJpeg(markedImage(160, 120, 500 + m_imported)),
                                     "2026:03:0" + std::to_string(1 + m_imported % 9) + " 09:30:00",
                                     std::nullopt));
            const ProcessResult r =
                cli("import --library " + quote(library.string()) +
                    " --patient P1 --wound 'Left heel' " + quote(file.string()));
            ASSERT_EQ(r.exitCode, 0) << r.output;
        }
    }

    void addServer(const fs::path& library) {
        const ProcessResult r =
            cli("server add --library " + quote(library.string()) + " --name pacs --url " +
                quote(m_server.dicomWebRoot()) + " --user cicatrix --password-file " +
                quote((m_dir / "pw").string()) + " --patients P1");
        ASSERT_EQ(r.exitCode, 0) << r.output;
    }

    [[nodiscard]] int seeded() const { return m_seeded; }
    [[nodiscard]] int imported() const { return m_imported; }

  private:
    OrthancServer& m_server;
    const TempDir& m_dir;
    int m_seeded = 0;
    int m_imported = 0;
};

// What must hold after a complete sync.
void expectConsistent(const fs::path& library, const std::set<std::string>& onServer,
                      std::size_t expectedPhotos) {
    SQLite::Database db((library / "library.db").string(), SQLite::OPEN_READONLY);
    const auto referencedList = column(db, "SELECT sha256 FROM store_references");
    const std::set<std::string> referenced(referencedList.begin(), referencedList.end());
    std::size_t objects = 0;
    for (const auto& entry : fs::recursive_directory_iterator(library / "objects")) {
        if (!entry.is_regular_file())
            continue;
        const std::string name = entry.path().filename().string();
        EXPECT_EQ(name.find(".tmp-"), std::string::npos) << "temp file left: " << entry.path();
        EXPECT_TRUE(referenced.contains(name)) << "orphan object: " << entry.path();
        ++objects;
    }
    EXPECT_EQ(objects, referenced.size()) << "every referenced object is there";

    const auto localList = column(db, "SELECT sop_instance_uid FROM photo_instances");
    const std::set<std::string> local(localList.begin(), localList.end());
    EXPECT_EQ(local, onServer) << "the library's instances are exactly the server's";
    EXPECT_EQ(onServer.size(), expectedPhotos)
        << "every seeded and every local photo on the server, each exactly once";
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM photos").getInt64(),
              static_cast<std::int64_t>(expectedPhotos))
        << "no duplicate photo";
    EXPECT_EQ(column(db,
                     "SELECT photo_id FROM photo_instances GROUP BY photo_id "
                     "HAVING COUNT(*) > 1"),
              std::vector<std::string>{})
        << "no photo with two identities";
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sync_outbox").getInt64(), 0);
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM pending_objects").getInt64(), 0)
        << "no write intent left behind";
    EXPECT_EQ(db.execAndGet("SELECT last_result FROM sync_server_state").getString(), "ok");
}

TEST(CliSyncKill, SigkillAtRandomPointsLeavesAConsistentLibraryAndTheNextSyncCompletes) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;
    TempDir dir;
    std::ofstream(dir / "pw") << server->password() << "\n";
    fs::permissions(dir / "pw", fs::perms::owner_read | fs::perms::owner_write);
    Scenario scenario(*server, dir);
    ASSERT_NO_FATAL_FAILURE(scenario.seedServer(30));

    // How long a whole pull takes here once the process is up and syncing (a library of its own,
    // nothing to push): kills are spread over [0, that] after the sync's first progress line, so
    // they land in the sync rather than in the process start-up.
    const fs::path probe = dir / "probe";
    ASSERT_NO_FATAL_FAILURE(scenario.addServer(probe));
    const pid_t probePid = startSync(probe, dir / "probe.log");
    ASSERT_GT(probePid, 0);
    int probeStatus = 0;
    ASSERT_TRUE(waitUntilSyncing(probePid, dir / "probe.log", probeStatus)) << "exited early";
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(::waitpid(probePid, &probeStatus, 0), probePid);
    const auto fullSync = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t0);
    ASSERT_TRUE(WIFEXITED(probeStatus) && WEXITSTATUS(probeStatus) == 0)
        << lastLine(dir / "probe.log");

    const fs::path library = dir / "lib";
    ASSERT_NO_FATAL_FAILURE(scenario.addServer(library));
    ASSERT_NO_FATAL_FAILURE(scenario.importLocal(library, 2));
    std::mt19937 rng(20260307);
    std::uniform_int_distribution<long> delayMs(0, std::max<long>(1, fullSync.count()));
    constexpr int kTrials = 6;
    int killedRunning = 0;
    for (int trial = 0; trial < kTrials; ++trial) {
        SCOPED_TRACE("trial " + std::to_string(trial));
        if (trial > 0) {  // always work left for the killed run: both ways
            ASSERT_NO_FATAL_FAILURE(scenario.seedServer(10));
            ASSERT_NO_FATAL_FAILURE(scenario.importLocal(library, 3));
        }
        const auto delay = std::chrono::milliseconds(delayMs(rng));
        const pid_t pid = startSync(library, dir / "killed.log");
        ASSERT_GT(pid, 0);
        int status = 0;
        if (waitUntilSyncing(pid, dir / "killed.log", status)) {
            std::this_thread::sleep_for(delay);
            ::kill(pid, SIGKILL);
            ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        }
        if (WIFSIGNALED(status))
            ++killedRunning;
        std::cout << "[ trial " << trial << " ] SIGKILL " << delay.count() << " ms into a sync of "
                  << fullSync.count() << " ms: "
                  << (WIFSIGNALED(status) ? "killed while running" : "had already finished")
                  << "; its last words: " << lastLine(dir / "killed.log") << "\n";

        {
            SQLite::Database db((library / "library.db").string(), SQLite::OPEN_READWRITE);
            EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
            EXPECT_EQ(column(db, "PRAGMA foreign_key_check"), std::vector<std::string>{});
        }

        const ProcessResult next =
            cli("sync --library " + quote(library.string()) + " --server pacs");
        ASSERT_EQ(next.exitCode, 0) << next.output;
        expectConsistent(library, serverSopUids(*server),
                         static_cast<std::size_t>(scenario.seeded() + scenario.imported()));
    }
    std::cout << "[ " << killedRunning << " of " << kTrials << " trials killed a running sync ]\n";
}

}  // namespace
}  // namespace cicatrix::workstation
