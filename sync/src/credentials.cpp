// stat(2) for ownership and mode; the secret is read only after the checks pass.
#include "sync/credentials.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace cicatrix::sync {

SyncResult<void> checkCredentialFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return syncFail(SyncErrorCode::InvalidInput,
                        fmt::format("credential file {} cannot be read", path));
    }
    if (!S_ISREG(st.st_mode)) {
        return syncFail(SyncErrorCode::InvalidInput,
                        fmt::format("credential file {} is not a regular file", path));
    }
    if (st.st_uid != ::geteuid()) {
        return syncFail(SyncErrorCode::InvalidInput,
                        fmt::format("credential file {} belongs to another user", path));
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return syncFail(
            SyncErrorCode::InvalidInput,
            fmt::format("credential file {} can be read by others (mode {:o}); run: chmod 600 {}",
                        path, st.st_mode & 0777, path));
    }
    return {};
}

SyncResult<std::string> readSecret(std::string_view source) {
    if (source.starts_with("env:")) {
        const std::string name(source.substr(4));
        const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
        if (value == nullptr || *value == '\0') {
            return syncFail(SyncErrorCode::InvalidInput,
                            fmt::format("environment variable {} is not set", name));
        }
        return std::string(value);
    }
    const std::string path(source);
    if (auto ok = checkCredentialFile(path); !ok)
        return std::unexpected(ok.error());
    std::ifstream in(path, std::ios::binary);
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (secret.ends_with('\n'))
        secret.pop_back();
    if (secret.ends_with('\r'))
        secret.pop_back();
    if (secret.empty())
        return syncFail(SyncErrorCode::InvalidInput,
                        fmt::format("credential file {} is empty", path));
    return secret;
}

}  // namespace cicatrix::sync
