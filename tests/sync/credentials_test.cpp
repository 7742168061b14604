// Sync secrets come from an owner-only file or an environment variable, never from elsewhere.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sync/credentials.hpp"

namespace cicatrix::sync {
namespace {

namespace fs = std::filesystem;

class Credentials : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("cicatrix-credentials-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string write(const std::string& name, const std::string& text, fs::perms perms) {
        const fs::path p = m_dir / name;
        std::ofstream(p) << text;
        fs::permissions(p, perms);
        return p.string();
    }
    fs::path m_dir;
};

TEST_F(Credentials, AnOwnerOnlyFileGivesItsSecret) {
    const auto file = write("pw", "s3cret\n", fs::perms::owner_read | fs::perms::owner_write);
    auto secret = readSecret(file);
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(*secret, "s3cret");
}

TEST_F(Credentials, AFileOthersCanReadIsRefused) {
    const auto file = write("pw", "s3cret",
                            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                fs::perms::others_read);
    auto secret = readSecret(file);
    ASSERT_FALSE(secret);
    EXPECT_EQ(secret.error().code, SyncErrorCode::InvalidInput);
    EXPECT_NE(secret.error().message.find("chmod 600"), std::string::npos)
        << secret.error().message;
    EXPECT_FALSE(readSecret((m_dir / "missing").string()));
    EXPECT_FALSE(readSecret(write("empty", "", fs::perms::owner_read)));
}

TEST_F(Credentials, AnEnvironmentVariableGivesItsSecret) {
    ::setenv("CICATRIX_TEST_SECRET", "from-env", 1);
    auto secret = readSecret("env:CICATRIX_TEST_SECRET");
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(*secret, "from-env");
    ::unsetenv("CICATRIX_TEST_SECRET");
    EXPECT_FALSE(readSecret("env:CICATRIX_TEST_SECRET"));
}

}  // namespace
}  // namespace cicatrix::sync
