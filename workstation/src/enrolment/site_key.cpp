// The site's Ed25519 key file: 64 raw bytes (libsodium's secret key, which ends with the public
// key), mode 0600, created atomically on first use. Thread-safe.
#include "workstation/enrolment/site_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "library/atomic_file.hpp"
#include "workstation/app/paths.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

void ensureSodium() {
    static const int initialised = sodium_init();  // thread-safe; 1 when already initialised
    (void)initialised;
}

std::string errnoText() {
    return std::strerror(errno);
}

// Writes the secret key to a 0600 temp file in the same folder, fsyncs it, and links it into
// place unless a key is already there (then the existing key wins).
Result<void> writeKeyFile(const fs::path& file, const SiteKey& key) {
    const fs::path dir = file.parent_path();
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) {
            return fail(ErrorCode::Io,
                        fmt::format("cannot create {}: {}", dir.string(), ec.message()));
        }
        if (::chmod(dir.c_str(), 0700) != 0) {
            return fail(ErrorCode::Io,
                        fmt::format("cannot restrict {}: {}", dir.string(), errnoText()));
        }
    }
    const fs::path temp =
        dir / fmt::format(".{}.{}.tmp", file.filename().string(), static_cast<long>(::getpid()));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return fail(ErrorCode::Io, fmt::format("cannot write {}: {}", temp.string(), errnoText()));
    }
    const bool written = ::fchmod(fd, 0600) == 0 &&
                         ::write(fd, key.secretKey.data(), key.secretKey.size()) ==
                             static_cast<ssize_t>(key.secretKey.size()) &&
                         ::fsync(fd) == 0;
    const std::string writeError = written ? std::string() : errnoText();
    ::close(fd);
    if (!written) {
        ::unlink(temp.c_str());
        return fail(ErrorCode::Io, fmt::format("cannot write {}: {}", temp.string(), writeError));
    }
    // link() fails when the key exists: a concurrent first use won, and its key is kept.
    const int linked = ::link(temp.c_str(), file.c_str());
    const int linkErrno = errno;
    ::unlink(temp.c_str());
    if (linked != 0 && linkErrno != EEXIST) {
        return fail(ErrorCode::Io,
                    fmt::format("cannot create {}: {}", file.string(), std::strerror(linkErrno)));
    }
    return library::fsyncDirectory(dir);
}

Result<SiteKey> readKeyFile(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        return fail(ErrorCode::Io, fmt::format("cannot read {}: {}", file.string(), errnoText()));
    }
    if ((st.st_mode & 077) != 0) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("the site key {} may be read or changed by other users (mode "
                                "{:04o}); restrict it with `chmod 600 {}` or remove it to create a "
                                "new key (tokens signed with the old key will then be refused)",
                                file.string(), st.st_mode & 07777, file.string()));
    }
    auto bytes = library::readFileBytes(file, 4096);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    if (bytes->size() != kSiteSecretKeyBytes) {
        return fail(ErrorCode::Corrupt,
                    fmt::format("the site key {} is damaged ({} bytes, expected {})", file.string(),
                                bytes->size(), kSiteSecretKeyBytes));
    }
    SiteKey key;
    std::copy(bytes->begin(), bytes->end(), key.secretKey.begin());
    sodium_memzero(bytes->data(), bytes->size());
    if (crypto_sign_ed25519_sk_to_pk(key.publicKey.data(), key.secretKey.data()) != 0) {
        return fail(ErrorCode::Corrupt, fmt::format("the site key {} is damaged", file.string()));
    }
    // The secret key's seed must give back the public key it holds.
    std::array<std::uint8_t, crypto_sign_SEEDBYTES> seed{};
    crypto_sign_ed25519_sk_to_seed(seed.data(), key.secretKey.data());
    SiteKey check;
    crypto_sign_seed_keypair(check.publicKey.data(), check.secretKey.data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
    if (check.publicKey != key.publicKey) {
        return fail(ErrorCode::Corrupt, fmt::format("the site key {} is damaged", file.string()));
    }
    return key;
}

}  // namespace

fs::path defaultSiteKeyPath() {
    return configDir() / "site_ed25519.key";
}

SiteKey generateSiteKey() {
    ensureSodium();
    SiteKey key;
    crypto_sign_keypair(key.publicKey.data(), key.secretKey.data());
    return key;
}

Result<SiteKey> loadOrCreateSiteKey(const fs::path& file) {
    ensureSodium();
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        if (auto written = writeKeyFile(file, generateSiteKey()); !written) {
            return std::unexpected(written.error());
        }
    }
    return readKeyFile(file);
}

}  // namespace cicatrix::workstation
