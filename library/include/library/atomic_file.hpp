// Crash-safe file writes (temp file in the same folder, fsync, rename, fsync of the folder) and
// whole-file reads. A reader never sees a half-written file. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "library/error.hpp"

namespace cicatrix::library {

// Writes `bytes` to `target` atomically, replacing nothing: fails with InvalidInput if `target`
// exists and `allowReplace` is false (used by content-addressed files, which never change).
// Fails with Io when the folder cannot be flushed after the rename (the file is then in place
// but may not survive a power failure).
[[nodiscard]] Result<void> writeFileAtomically(const std::filesystem::path& target,
                                               std::span<const std::uint8_t> bytes,
                                               bool allowReplace);

// fsync() of a folder, so that a new entry in it survives a crash. Io error when the folder
// cannot be opened or flushed.
[[nodiscard]] Result<void> fsyncDirectory(const std::filesystem::path& dir);

// Reads a whole file, refusing files larger than `maxBytes`.
[[nodiscard]] Result<std::vector<std::uint8_t>> readFileBytes(const std::filesystem::path& path,
                                                              std::uint64_t maxBytes = 1ull << 30);

}  // namespace cicatrix::library
