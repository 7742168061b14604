// File helpers of the edit journal: POSIX write/fdatasync/fsync and std::filesystem renames.
// Thread-safe (no shared state).
#include "journal_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace cicatrix::annotate::journal {
namespace fs = std::filesystem;

std::unexpected<JournalError> journalFail(JournalErrorCode code, std::string message,
                                          std::optional<fs::path> keptAside) {
    return std::unexpected(JournalError{code, std::move(message), std::move(keptAside)});
}

std::string errnoText(int error) {
    return std::strerror(error);
}

bool validKey(std::string_view key) {
    if (key.empty() || key.size() > 200 || key.front() == '.') {
        return false;
    }
    for (const char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

JournalResult<void> writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return journalFail(JournalErrorCode::Io,
                               "Autosave could not write the journal: " + errnoText(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

JournalResult<void> syncFd(int fd) {
    if (::fdatasync(fd) != 0) {
        return journalFail(JournalErrorCode::Io,
                           "Autosave could not sync the journal to disk: " + errnoText(errno));
    }
    return {};
}

JournalResult<void> syncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return journalFail(JournalErrorCode::Io, "Cannot open the journal folder " + dir.string() +
                                                     ": " + errnoText(errno));
    }
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) {
        return journalFail(JournalErrorCode::Io, "Cannot sync the journal folder " + dir.string() +
                                                     ": " + errnoText(error));
    }
    return {};
}

std::optional<std::string> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

JournalResult<fs::path> keepAside(const fs::path& path) {
    for (int n = 1; n < 10000; ++n) {
        fs::path aside = path;
        aside += ".aside-" + std::to_string(n);
        std::error_code ec;
        if (fs::exists(aside, ec)) {
            continue;
        }
        fs::rename(path, aside, ec);
        if (ec) {
            return journalFail(JournalErrorCode::Io, "Cannot move the journal " + path.string() +
                                                         " aside: " + ec.message());
        }
        return aside;
    }
    return journalFail(JournalErrorCode::Io, "Too many journals kept aside for " + path.string());
}

}  // namespace cicatrix::annotate::journal
