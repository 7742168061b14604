// `cicatrix sync` through the real binary against a real Orthanc: exit 0 and one JSON document
// when pull and push completed; exit 1 with the reason (stderr, and `error` in the JSON) when the
// server cannot be reached or refuses the password, with the library and its outbox unchanged.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cicatrix_cli.hpp"
#include "support/orthanc_server.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"
#include "sync/orthanc_seed.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

std::string passwordFile(const TempDir& dir, const std::string& name, const std::string& secret) {
    const fs::path p = dir / name;
    std::ofstream(p) << secret << "\n";
    fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
    return p.string();
}

// The first column of the first row, as text plus a newline (as the sqlite3 shell prints it).
std::string sqlite(const fs::path& db, const std::string& sql) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(d, sql);
    return q.executeStep() ? q.getColumn(0).getString() + "\n" : std::string();
}

TEST(CliSync, CompletesWithExitZeroAndFailsClearlyWhenTheServerRefusesOrIsGone) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;
    sync::HttpClient client(sync::seed::orthancOptions(*server));
    sync::seed::SeedPhoto seeded;
    seeded.patient = "P1";
    seeded.jpeg = sync::seed::distinctJpeg(1);
    ASSERT_TRUE(sync::seed::storeEncodedPhoto(client, *server, seeded));

    TempDir dir;
    const fs::path lib = dir / "lib";
    const std::string good = passwordFile(dir, "good", server->password());
    const std::string bad = passwordFile(dir, "bad", "not-the-password");
    ASSERT_EQ(cli("server add --library " + quote(lib.string()) + " --name pacs --url " +
                  server->dicomWebRoot() + " --user cicatrix --password-file " + quote(good))
                  .exitCode,
              0);
    ASSERT_EQ(cli("server add --library " + quote(lib.string()) + " --name wrong --url " +
                  server->dicomWebRoot() + " --user cicatrix --password-file " + quote(bad))
                  .exitCode,
              0);
    ASSERT_EQ(cli("import --library " + quote(lib.string()) + " --patient P2 --wound W1 " +
                  "--captured-at 2026-05-01T10:00:00 " +
                  quote(std::string(CICATRIX_TEST_DATA_DIR) + "/fuseg-sample/images/0064.jpg"))
                  .exitCode,
              0);

    // Wrong password: exit 1, the reason, nothing pulled or pushed, the outbox kept.
    const ProcessResult refused = cli("sync --library " + quote(lib.string()) + " --server wrong");
    EXPECT_EQ(refused.exitCode, 1) << refused.output;
    EXPECT_NE(refused.output.find("401"), std::string::npos) << refused.output;
    const ProcessResult refusedJson =
        cliStdout("sync --library " + quote(lib.string()) + " --server wrong --json");
    EXPECT_EQ(refusedJson.exitCode, 1);
    const auto refusal = nlohmann::json::parse(refusedJson.output);
    EXPECT_EQ(refusal["complete"], false);
    EXPECT_EQ(refusal["error"]["code"], "unauthorized");
    EXPECT_EQ(sqlite(lib / "library.db", "SELECT COUNT(*) FROM photos"), "1\n");
    EXPECT_EQ(sqlite(lib / "library.db", "SELECT COUNT(*) FROM photo_instances"), "0\n");

    // The right one: exit 0, one JSON document with the counts.
    const ProcessResult ok =
        cliStdout("sync --library " + quote(lib.string()) + " --server pacs --json");
    ASSERT_EQ(ok.exitCode, 0) << ok.output;
    const auto report = nlohmann::json::parse(ok.output);
    EXPECT_EQ(report["pulled"], 1);
    EXPECT_EQ(report["pushed"], 1);
    EXPECT_EQ(report["complete"], true);

    // The server gone: exit 1 with the reason, and a new local photo stays queued for next time.
    ASSERT_EQ(cli("import --library " + quote(lib.string()) + " --patient P2 --wound W1 " +
                  "--captured-at 2026-05-02T10:00:00 " +
                  quote(std::string(CICATRIX_TEST_DATA_DIR) + "/fuseg-sample/images/0084.jpg"))
                  .exitCode,
              0);
    server->kill();
    const ProcessResult gone = cli("sync --library " + quote(lib.string()) + " --server pacs");
    EXPECT_EQ(gone.exitCode, 1) << gone.output;
    EXPECT_NE(gone.output.find("outbox is kept"), std::string::npos) << gone.output;
    EXPECT_EQ(sqlite(lib / "library.db",
                     "SELECT state FROM sync_patient_state s JOIN sync_servers v ON v.id = "
                     "s.server_id WHERE v.name = 'pacs' AND patient_external_id = 'P2'"),
              "failing\n");
    ASSERT_TRUE(server->restart(error)) << error;
    const ProcessResult back =
        cliStdout("sync --library " + quote(lib.string()) + " --server pacs --json");
    ASSERT_EQ(back.exitCode, 0) << back.output;
    EXPECT_EQ(nlohmann::json::parse(back.output)["pushed"], 1);
}

}  // namespace
}  // namespace cicatrix::workstation
