// The workstation's site key: an Ed25519 key pair (libsodium) that signs enrolment tokens. It is
// created on first use and kept outside the library's database, readable by its owner only.
// Thread-safe (no shared state; two first uses racing keep whichever key was linked first).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>

#include "workstation/error.hpp"

namespace cicatrix::workstation {

inline constexpr std::size_t kSitePublicKeyBytes = 32;
inline constexpr std::size_t kSiteSecretKeyBytes = 64;

struct SiteKey {
    std::array<std::uint8_t, kSitePublicKeyBytes> publicKey{};
    std::array<std::uint8_t, kSiteSecretKeyBytes> secretKey{};  // holds the public key too
};

// <configDir()>/site_ed25519.key ($XDG_CONFIG_HOME/cicatrix, default ~/.config/cicatrix).
[[nodiscard]] std::filesystem::path defaultSiteKeyPath();

// Reads the key file, or creates it when missing: a new key pair written atomically with mode
// 0600 (its folder created with 0700). Refuses (InvalidInput) a key file that group or others
// may read or write, and (Corrupt) one that does not hold a valid key.
[[nodiscard]] Result<SiteKey> loadOrCreateSiteKey(const std::filesystem::path& file);

// A fresh key pair that is never stored (tests: a key that is not the site's).
[[nodiscard]] SiteKey generateSiteKey();

}  // namespace cicatrix::workstation
