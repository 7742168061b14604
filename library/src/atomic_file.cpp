// POSIX implementation: open(O_EXCL) a unique temp name, write, fsync, link/rename, fsync dir.
#include "library/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace cicatrix::library {

namespace fs = std::filesystem;

namespace {

std::string errnoText() {
    return std::strerror(errno);
}

Result<void> writeAll(int fd, std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(ErrorCode::Io, fmt::format("write failed: {}", errnoText()));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

// Opens `path` (with `extraFlags`, e.g. O_DIRECTORY) and fsyncs it; `noun` names it in errors.
Result<void> fsyncPath(const fs::path& path, int extraFlags, std::string_view noun) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | extraFlags);
    if (fd < 0) {
        return fail(ErrorCode::Io, fmt::format("cannot open {}{} to flush it: {}", noun,
                                               path.string(), errnoText()));
    }
    int rc = 0;
    do {
        rc = ::fsync(fd);
    } while (rc != 0 && errno == EINTR);
    const int fsyncErrno = errno;
    ::close(fd);
    if (rc != 0) {
        return fail(ErrorCode::Io, fmt::format("cannot flush {}{} to disk: {}", noun, path.string(),
                                               std::strerror(fsyncErrno)));
    }
    return {};
}

}  // namespace

Result<void> fsyncDirectory(const fs::path& dir) {
    return fsyncPath(dir, O_DIRECTORY, "folder ");
}

Result<void> writeFileAtomically(const fs::path& target, std::span<const std::uint8_t> bytes,
                                 bool allowReplace, Durability durability) {
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
        return fail(ErrorCode::Io, fmt::format("cannot create folder {}: {}",
                                               target.parent_path().string(), ec.message()));
    }
    const fs::path temp =
        target.parent_path() /
        fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), counter++);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        return fail(ErrorCode::Io, fmt::format("cannot create {}: {}", temp.string(), errnoText()));
    }
    auto written = writeAll(fd, bytes);
    if (written && durability == Durability::Now && ::fsync(fd) != 0) {
        written = fail(ErrorCode::Io, fmt::format("fsync failed: {}", errnoText()));
    }
    ::close(fd);
    if (!written) {
        fs::remove(temp, ec);
        return written;
    }
    if (allowReplace) {
        if (::rename(temp.c_str(), target.c_str()) != 0) {
            const auto message = errnoText();
            fs::remove(temp, ec);
            return fail(ErrorCode::Io,
                        fmt::format("cannot rename into {}: {}", target.string(), message));
        }
    } else {
        // link() fails with EEXIST instead of replacing: content-addressed files are never
        // overwritten.
        const int rc = ::link(temp.c_str(), target.c_str());
        const int linkErrno = errno;
        fs::remove(temp, ec);
        if (rc != 0) {
            return fail(
                linkErrno == EEXIST ? ErrorCode::InvalidInput : ErrorCode::Io,
                fmt::format("cannot create {}: {}", target.string(), std::strerror(linkErrno)));
        }
    }
    // The file is in place; if its folder entry cannot be made durable the caller must know
    // (it may be lost on power failure), though readers already see a complete file.
    if (durability == Durability::Deferred) {
        return {};
    }
    return fsyncDirectory(target.parent_path());
}

Result<void> flushFilesAndFolders(const std::vector<fs::path>& files) {
    constexpr std::size_t kFlushers = 8;  // I/O waits, not CPU: more than the cores
    std::vector<fs::path> folders;
    for (const fs::path& f : files) {
        folders.push_back(f.parent_path());
    }
    std::ranges::sort(folders);
    folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
    std::atomic<std::size_t> next{0};
    std::mutex failureMutex;
    std::optional<Error> failure;
    auto work = [&] {
        for (std::size_t i = next++; i < files.size() + folders.size(); i = next++) {
            auto flushed = i < files.size() ? fsyncPath(files[i], 0, "")
                                            : fsyncDirectory(folders[i - files.size()]);
            if (!flushed) {
                std::scoped_lock lock(failureMutex);
                if (!failure) {
                    failure = flushed.error();
                }
            }
        }
    };
    {
        std::vector<std::jthread> flushers;
        const std::size_t n = std::min(kFlushers, files.size() + folders.size());
        for (std::size_t t = 1; t < n; ++t) {
            flushers.emplace_back(work);
        }
        work();
    }
    if (failure) {
        return std::unexpected(*failure);
    }
    return {};
}

Result<std::vector<std::uint8_t>> readFileBytes(const fs::path& path, std::uint64_t maxBytes) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return fail(ErrorCode::NotFound, fmt::format("{}: no such file", path.string()));
    }
    if (!fs::is_regular_file(status)) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: not a regular file", path.string()));
    }
    const auto size = fs::file_size(path, ec);
    if (ec) {
        return fail(ErrorCode::Io, fmt::format("{}: {}", path.string(), ec.message()));
    }
    if (size > maxBytes) {
        return fail(ErrorCode::TooLarge, fmt::format("{}: file is {} MiB, over the {} MiB limit",
                                                     path.string(), size >> 20, maxBytes >> 20));
    }
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes(size);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        return fail(ErrorCode::Io, fmt::format("{}: read failed", path.string()));
    }
    return bytes;
}

}  // namespace cicatrix::library
