// File helpers of the edit journal (private to annotate/): errors, key check, write/sync, read,
// and keeping an unusable journal aside. Thread-safe (no shared state).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "annotate/edit_journal.hpp"

namespace cicatrix::annotate::journal {

[[nodiscard]] std::unexpected<JournalError> journalFail(
    JournalErrorCode code, std::string message,
    std::optional<std::filesystem::path> keptAside = std::nullopt);
[[nodiscard]] std::string errnoText(int error);
// [A-Za-z0-9_.-], 1-200 characters, not starting with '.'.
[[nodiscard]] bool validKey(std::string_view key);
[[nodiscard]] JournalResult<void> writeAll(int fd, std::string_view bytes);
[[nodiscard]] JournalResult<void> syncFd(int fd);  // fdatasync
[[nodiscard]] JournalResult<void> syncDirectory(const std::filesystem::path& dir);
[[nodiscard]] std::optional<std::string> readFile(const std::filesystem::path& path);
// Renames an unusable journal to "<name>.aside-<n>" (first free n) so it is kept, not applied.
[[nodiscard]] JournalResult<std::filesystem::path> keepAside(const std::filesystem::path& path);

}  // namespace cicatrix::annotate::journal
