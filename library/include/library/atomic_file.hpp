// Crash-safe file writes (temp file in the same folder, fsync, rename, fsync of the folder) and
// whole-file reads. A reader never sees a half-written file. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "library/error.hpp"

namespace cicatrix::library {

// Now: the file and its folder entry are flushed before the call returns. Deferred: written and
// linked into place (readers see a complete file) but flushed later, many at once, by
// flushFilesAndFolders — before anything durable refers to them.
enum class Durability { Now, Deferred };

// Writes `bytes` to `target` atomically, replacing nothing: fails with InvalidInput if `target`
// exists and `allowReplace` is false (used by content-addressed files, which never change).
// Fails with Io when the folder cannot be flushed after the rename (the file is then in place
// but may not survive a power failure).
[[nodiscard]] Result<void> writeFileAtomically(const std::filesystem::path& target,
                                               std::span<const std::uint8_t> bytes,
                                               bool allowReplace,
                                               Durability durability = Durability::Now);

// fsync() of every file and of each distinct folder holding them, several at once (the file
// system then groups them into few journal commits). Io error naming the first that failed.
[[nodiscard]] Result<void> flushFilesAndFolders(const std::vector<std::filesystem::path>& files);

// fsync() of a folder, so that a new entry in it survives a crash. Io error when the folder
// cannot be opened or flushed.
[[nodiscard]] Result<void> fsyncDirectory(const std::filesystem::path& dir);

// Reads a whole file, refusing files larger than `maxBytes`.
[[nodiscard]] Result<std::vector<std::uint8_t>> readFileBytes(const std::filesystem::path& path,
                                                              std::uint64_t maxBytes = 1ull << 30);

}  // namespace cicatrix::library
