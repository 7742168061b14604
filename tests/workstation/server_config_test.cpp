// The one set of rules for a server (CLI `server add` and the Servers panel): auth kinds,
// credential sources kept as a place (never the secret), owner-only files, the reasons naming
// the fields the caller's way, and the panel's patient list.
#include <gtest/gtest.h>

#include <fstream>

#include "support/test_images.hpp"
#include "workstation/app/server_config.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

std::string secretFile(const TempDir& dir, fs::perms perms) {
    const fs::path p = dir / "secret";
    std::ofstream(p) << "very-secret\n";
    fs::permissions(p, perms, fs::perm_options::replace);
    return p.string();
}

// A form with `name` and `url`, then `fill` sets the rest (aggregates with designated initializers
// would leave fields out, which -Wextra warns about).
template <typename F>
ServerForm form(std::string name, std::string url, F&& fill) {
    ServerForm f;
    f.name = std::move(name);
    f.url = std::move(url);
    fill(f);
    return f;
}
ServerForm form(std::string name, std::string url) {
    return form(std::move(name), std::move(url), [](ServerForm&) {});
}

TEST(ServerConfig, UserAndOwnerOnlyPasswordFileIsBasicAuthFromThatFile) {
    TempDir dir;
    const std::string file = secretFile(dir, fs::perms::owner_read | fs::perms::owner_write);
    auto s = serverFromForm(form("pacs", "https://pacs.example/dicom-web",
                                 [&](ServerForm& f) {
                                     f.user = "nurse";
                                     f.passwordFile = file;
                                     f.patients = {"P1", "P2"};
                                 }),
                            kFormFieldNames);
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->name, "pacs");
    EXPECT_EQ(s->authKind, "basic");
    EXPECT_EQ(s->username, "nurse");
    EXPECT_EQ(s->credentialSource, fs::absolute(file).string());
    EXPECT_FALSE(s->allPatients);
    EXPECT_EQ(s->patientIds, (std::vector<std::string>{"P1", "P2"}));
}

TEST(ServerConfig, EnvironmentVariableAndTokenFileAndNoAuth) {
    TempDir dir;
    auto env = serverFromForm(form("a", "http://x/dicom-web",
                                   [&](ServerForm& f) {
                                       f.user = "u";
                                       f.passwordEnv = "PACS_PW";
                                   }),
                              kFormFieldNames);
    ASSERT_TRUE(env) << env.error();
    EXPECT_EQ(env->authKind, "basic");
    EXPECT_EQ(env->credentialSource, "env:PACS_PW");
    EXPECT_TRUE(env->allPatients);

    const std::string token = secretFile(dir, fs::perms::owner_read);
    auto bearer = serverFromForm(
        form("b", "https://x/dicom-web", [&](ServerForm& f) { f.tokenFile = token; }),
        kFormFieldNames);
    ASSERT_TRUE(bearer) << bearer.error();
    EXPECT_EQ(bearer->authKind, "bearer");
    EXPECT_FALSE(bearer->username);

    auto none = serverFromForm(form("c", "http://x/dicom-web"), kFormFieldNames);
    ASSERT_TRUE(none) << none.error();
    EXPECT_EQ(none->authKind, "none");
    EXPECT_FALSE(none->credentialSource);
}

TEST(ServerConfig, RefusalsNameTheFieldsTheCallersWay) {
    TempDir dir;
    const ServerForm badUrl = form("pacs", "pacs.example/dicom-web");
    auto cli = serverFromForm(badUrl, kCliFieldNames);
    auto panel = serverFromForm(badUrl, kFormFieldNames);
    ASSERT_FALSE(cli);
    ASSERT_FALSE(panel);
    EXPECT_NE(cli.error().find("--url"), std::string::npos) << cli.error();
    EXPECT_NE(panel.error().find("the URL"), std::string::npos) << panel.error();
    EXPECT_EQ(panel.error().find("--"), std::string::npos) << panel.error();

    EXPECT_FALSE(serverFromForm(form("", "http://x"), kFormFieldNames));  // no name
    auto userOnly = serverFromForm(form("p", "http://x", [&](ServerForm& f) { f.user = "nurse"; }),
                                   kFormFieldNames);
    ASSERT_FALSE(userOnly);
    EXPECT_NE(userOnly.error().find("never stored"), std::string::npos) << userOnly.error();
    auto passwordOnly = serverFromForm(
        form("p", "http://x", [&](ServerForm& f) { f.passwordEnv = "PW"; }), kFormFieldNames);
    EXPECT_FALSE(passwordOnly);
    auto two = serverFromForm(form("p", "http://x",
                                   [&](ServerForm& f) {
                                       f.user = "u";
                                       f.passwordEnv = "PW";
                                       f.tokenFile = "/t";
                                   }),
                              kFormFieldNames);
    EXPECT_FALSE(two);
    auto both = serverFromForm(form("p", "http://x",
                                    [&](ServerForm& f) {
                                        f.patients = {"P1"};
                                        f.all = true;
                                    }),
                               kCliFieldNames);
    ASSERT_FALSE(both);
    EXPECT_NE(both.error().find("--all"), std::string::npos) << both.error();
}

TEST(ServerConfig, PasswordFileReadableByOthersOrMissingIsRefused) {
    TempDir dir;
    const std::string open = secretFile(dir, fs::perms::owner_read | fs::perms::owner_write |
                                                 fs::perms::group_read | fs::perms::others_read);
    auto s = serverFromForm(form("p", "http://x",
                                 [&](ServerForm& f) {
                                     f.user = "u";
                                     f.passwordFile = open;
                                 }),
                            kFormFieldNames);
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().find("read by others"), std::string::npos) << s.error();
    auto missing = serverFromForm(form("p", "http://x",
                                       [&](ServerForm& f) {
                                           f.user = "u";
                                           f.passwordFile = (dir / "nope").string();
                                       }),
                                  kFormFieldNames);
    EXPECT_FALSE(missing);
}

TEST(ServerConfig, PatientListSplitsOnCommasSpacesAndLines) {
    EXPECT_EQ(splitPatientIds(" P1, P2 P3\nP4;;P5 "),
              (std::vector<std::string>{"P1", "P2", "P3", "P4", "P5"}));
    EXPECT_TRUE(splitPatientIds(" , ").empty());
    library::SyncServer s;
    EXPECT_EQ(patientScopeText(s), "all");
    s.allPatients = false;
    s.patientIds = {"P1", "P2"};
    EXPECT_EQ(patientScopeText(s), "P1,P2");
}

}  // namespace
}  // namespace cicatrix::workstation
