// Content identity: the SHA-256 of a photo's bytes, as lowercase hex.
// The local store names files by it and sync uses it to recognise photos it already has.
// Thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace cicatrix::library {

[[nodiscard]] std::string sha256Hex(std::span<const std::uint8_t> bytes);

}  // namespace cicatrix::library
