// `cicatrix server add|list` through the real binary: servers stored in the library with their
// patient scope, secrets never in library.db, bad input refused with the library unchanged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

#include "support/cicatrix_cli.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

std::string secretFile(const TempDir& dir, fs::perms perms) {
    const fs::path p = dir / "password";
    std::ofstream(p) << "very-secret-password\n";
    fs::permissions(p, perms);
    return p.string();
}

TEST(CliServer, AddsAndListsServersWithoutStoringTheSecret) {
    TempDir dir;
    const std::string lib = quote((dir / "lib").string());
    const std::string pw = secretFile(dir, fs::perms::owner_read | fs::perms::owner_write);
    const ProcessResult add =
        cli("server add --library " + lib +
            " --name pacs --url https://pacs.example/dicom-web --user nurse --password-file " +
            quote(pw) + " --patients P1,P2");
    ASSERT_EQ(add.exitCode, 0) << add.output;
    EXPECT_NE(add.output.find("added server pacs"), std::string::npos) << add.output;
    ASSERT_EQ(cli("server add --library " + lib +
                  " --name cloud --url http://127.0.0.1:8042/dicom-web --all")
                  .exitCode,
              0);
    const ProcessResult list = cliStdout("server list --json --library " + lib);
    ASSERT_EQ(list.exitCode, 0) << list.output;
    const auto json = nlohmann::json::parse(list.output);  // exactly one document on stdout
    ASSERT_EQ(json.size(), 2u);
    EXPECT_EQ(json[0]["name"], "cloud");
    EXPECT_EQ(json[0]["all_patients"], true);
    EXPECT_EQ(json[1]["name"], "pacs");
    EXPECT_EQ(json[1]["auth"], "basic");
    EXPECT_EQ(json[1]["user"], "nurse");
    EXPECT_EQ(json[1]["patients"], nlohmann::json::array({"P1", "P2"}));
    EXPECT_EQ(json[1]["credential_source"], pw);
    std::ifstream db(dir / "lib" / "library.db", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("very-secret-password"), std::string::npos)
        << "the secret must never be in the library";
    const ProcessResult text = cli("server list --library " + lib);
    EXPECT_NE(text.output.find(
                  "pacs  https://pacs.example/dicom-web  auth=basic user=nurse  patients=P1,P2"),
              std::string::npos)
        << text.output;
}

TEST(CliServer, RefusesBadInputAndLeavesTheLibraryUnchanged) {
    TempDir dir;
    const std::string lib = quote((dir / "lib").string());
    const std::string readable =
        secretFile(dir, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    const ProcessResult open = cli(
        "server add --library " + lib +
        " --name pacs --url https://pacs/dicom-web --user u --password-file " + quote(readable));
    EXPECT_NE(open.exitCode, 0);
    EXPECT_NE(open.output.find("can be read by others"), std::string::npos) << open.output;
    EXPECT_FALSE(fs::exists(dir / "lib")) << "nothing created for a refused command";
    const ProcessResult url =
        cli("server add --library " + lib + " --name pacs --url pacs.example");
    EXPECT_NE(url.exitCode, 0);
    EXPECT_NE(url.output.find("--url"), std::string::npos) << url.output;
    const ProcessResult noPassword =
        cli("server add --library " + lib + " --name pacs --url http://p/ --user u");
    EXPECT_NE(noPassword.exitCode, 0);
    EXPECT_NE(noPassword.output.find("never stored"), std::string::npos) << noPassword.output;
    ASSERT_EQ(cli("server add --library " + lib + " --name pacs --url http://p/dicom-web").exitCode,
              0);
    const ProcessResult twice =
        cli("server add --library " + lib + " --name pacs --url http://q/dicom-web");
    EXPECT_NE(twice.exitCode, 0);
    EXPECT_NE(twice.output.find("already exists"), std::string::npos) << twice.output;
    const ProcessResult list = cliStdout("server list --json --library " + lib);
    EXPECT_EQ(nlohmann::json::parse(list.output).size(), 1u);
}

}  // namespace
}  // namespace cicatrix::workstation
