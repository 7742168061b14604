// EditJournal: POSIX file I/O (write + fdatasync) driven by a writer thread that batches queued
// records once per flush interval. Recovery is in journal_recovery.cpp.
// Owner thread calls the public API; the writer thread only touches the queue under its mutex.
#include "annotate/edit_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "journal_format.hpp"
#include "journal_io.hpp"

namespace cicatrix::annotate {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using journal::errnoText;
using journal::journalFail;
using journal::syncDirectory;
using journal::syncFd;
using journal::validKey;
using journal::writeAll;

namespace {

struct Pending {
    journal::RecordType type;
    std::string name;
    cv::Rect rect;
    cv::Mat after;  // shared with the edit (immutable)
};

}  // namespace

class EditJournal::Impl {
  public:
    Impl(fs::path path, int fd) : m_path(std::move(path)), m_fd(fd), m_lastFlush(Clock::now()) {
        m_worker = std::thread([this] { run(); });
    }

    ~Impl() {
        stop(/*writeQueued=*/true);
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    const fs::path& path() const { return m_path; }

    JournalResult<void> enqueue(Pending record) {
        std::lock_guard lock(m_mutex);
        if (m_error) {
            return std::unexpected(*m_error);
        }
        if (m_stopping) {
            return journalFail(JournalErrorCode::InvalidInput, "The journal was discarded");
        }
        m_pending.push_back(std::move(record));
        ++m_appended;
        m_wake.notify_all();
        return {};
    }

    JournalResult<void> flush() {
        std::unique_lock lock(m_mutex);
        const std::uint64_t target = m_appended;
        m_flushRequested = true;
        m_wake.notify_all();
        m_wake.wait(lock, [&] { return m_durable >= target || m_error.has_value(); });
        if (m_error) {
            return std::unexpected(*m_error);
        }
        return {};
    }

    // Ends the writer thread; with writeQueued false the queue is dropped (discard).
    void stop(bool writeQueued) {
        {
            std::lock_guard lock(m_mutex);
            if (!writeQueued) {
                m_pending.clear();
            }
            m_stopping = true;
            m_wake.notify_all();
        }
        if (m_worker.joinable()) {
            m_worker.join();
        }
    }

    JournalResult<void> discardFile() {
        stop(/*writeQueued=*/false);
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        std::error_code ec;
        fs::remove(m_path, ec);
        if (ec) {
            return journalFail(JournalErrorCode::Io, "Cannot remove the journal " +
                                                         m_path.string() + ": " + ec.message());
        }
        return syncDirectory(m_path.parent_path());
    }

  private:
    void run() {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_wake.wait(lock, [&] { return m_stopping || m_flushRequested || !m_pending.empty(); });
            if (m_pending.empty()) {
                if (m_stopping) {
                    return;
                }
                m_flushRequested = false;
                m_durable = m_appended;
                m_wake.notify_all();
                continue;
            }
            if (!m_stopping && !m_flushRequested) {
                // At most one write + fdatasync per interval: wait for the interval to end.
                m_wake.wait_until(lock, m_lastFlush + kJournalFlushInterval,
                                  [&] { return m_stopping || m_flushRequested; });
            }
            std::vector<Pending> batch = std::move(m_pending);
            m_pending.clear();
            const std::uint64_t upTo = m_appended;
            m_flushRequested = false;
            const bool failed = m_error.has_value();
            lock.unlock();
            JournalResult<void> written = failed ? JournalResult<void>{} : writeBatch(batch);
            batch.clear();
            lock.lock();
            m_lastFlush = Clock::now();
            if (!written && !m_error) {
                m_error = written.error();  // autosave stops: later records would follow a tear
            }
            m_durable = upTo;
            m_wake.notify_all();
        }
    }

    JournalResult<void> writeBatch(const std::vector<Pending>& batch) {
        std::string bytes;
        for (const Pending& record : batch) {
            if (record.type == journal::RecordType::Edit) {
                journal::appendRecord(bytes,
                                      journal::encodeEdit(record.name, record.rect, record.after));
            } else {
                journal::appendRecord(bytes, journal::encodeMarker(record.type));
            }
        }
        if (auto written = writeAll(m_fd, bytes); !written) {
            return written;
        }
        return syncFd(m_fd);
    }

    fs::path m_path;
    int m_fd = -1;
    std::mutex m_mutex;
    std::condition_variable m_wake;  // both directions: new work for the writer, flush done
    std::vector<Pending> m_pending;
    std::uint64_t m_appended = 0;  // records queued so far
    std::uint64_t m_durable = 0;   // records written and synced (or given up on after an error)
    bool m_flushRequested = false;
    bool m_stopping = false;
    std::optional<JournalError> m_error;
    Clock::time_point m_lastFlush;
    std::thread m_worker;
};

EditJournal::EditJournal(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
EditJournal::EditJournal(EditJournal&&) noexcept = default;
EditJournal& EditJournal::operator=(EditJournal&&) noexcept = default;
EditJournal::~EditJournal() = default;

fs::path EditJournal::pathFor(const fs::path& folder, std::string_view key) {
    return folder / (std::string(key) + ".journal");
}

JournalResult<EditJournal> EditJournal::create(const fs::path& folder, std::string_view key,
                                               std::string_view baseId, cv::Size size,
                                               UndoLimits limits) {
    if (!validKey(key) || baseId.empty() || size.width <= 0 || size.height <= 0) {
        return journalFail(JournalErrorCode::InvalidInput,
                           "Invalid journal key, base id or map size for autosave");
    }
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
        return journalFail(JournalErrorCode::Io, "Cannot create the journal folder " +
                                                     folder.string() + ": " + ec.message());
    }
    const fs::path path = pathFor(folder, key);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            return journalFail(JournalErrorCode::Exists,
                               "Unsaved work from an earlier session exists for this label");
        }
        return journalFail(JournalErrorCode::Io,
                           "Cannot create the journal " + path.string() + ": " + errnoText(errno));
    }
    std::string bytes(journal::kMagic.begin(), journal::kMagic.end());
    journal::appendRecord(
        bytes, journal::encodeHeader({kJournalFormatVersion, std::string(baseId), size, limits}));
    JournalResult<void> written = writeAll(fd, bytes);
    if (written) {
        written = syncFd(fd);
    }
    if (written) {
        written = syncDirectory(folder);
    }
    if (!written) {
        ::close(fd);
        fs::remove(path, ec);
        return std::unexpected(written.error());
    }
    return EditJournal(std::make_unique<Impl>(path, fd));
}

JournalResult<EditJournal> EditJournal::resume(const fs::path& folder, std::string_view key,
                                               const JournalRecovery& recovered) {
    if (!validKey(key) || recovered.validBytes < journal::kMagic.size()) {
        return journalFail(JournalErrorCode::InvalidInput, "Invalid journal key or recovery");
    }
    const fs::path path = pathFor(folder, key);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return journalFail(JournalErrorCode::Io,
                           "Cannot reopen the journal " + path.string() + ": " + errnoText(errno));
    }
    const auto end = static_cast<off_t>(recovered.validBytes);
    JournalResult<void> ready;
    if (::ftruncate(fd, end) != 0 || ::lseek(fd, end, SEEK_SET) != end) {
        ready = journalFail(JournalErrorCode::Io,
                            "Cannot cut the torn end of the journal: " + errnoText(errno));
    } else {
        ready = syncFd(fd);
    }
    if (!ready) {
        ::close(fd);
        return std::unexpected(ready.error());
    }
    return EditJournal(std::make_unique<Impl>(path, fd));
}

JournalResult<void> EditJournal::discard(const fs::path& folder, std::string_view key) {
    if (!validKey(key)) {
        return journalFail(JournalErrorCode::InvalidInput, "Invalid journal key");
    }
    std::error_code ec;
    const bool removed = fs::remove(pathFor(folder, key), ec);
    if (ec) {
        return journalFail(JournalErrorCode::Io, "Cannot remove the journal: " + ec.message());
    }
    return removed ? syncDirectory(folder) : JournalResult<void>{};
}

JournalResult<void> EditJournal::append(const LabelEdit& edit) {
    if (edit.rect.empty()) {
        return {};  // the undo stack ignores it too
    }
    CV_Assert(edit.after.type() == CV_8UC1 && edit.after.size() == edit.rect.size());
    return m_impl->enqueue({journal::RecordType::Edit, edit.name, edit.rect, edit.after});
}

JournalResult<void> EditJournal::appendUndo() {
    return m_impl->enqueue({journal::RecordType::Undo, {}, {}, {}});
}

JournalResult<void> EditJournal::appendRedo() {
    return m_impl->enqueue({journal::RecordType::Redo, {}, {}, {}});
}

JournalResult<void> EditJournal::flush() {
    return m_impl->flush();
}

JournalResult<void> EditJournal::discard() {
    return m_impl->discardFile();
}

const fs::path& EditJournal::path() const {
    return m_impl->path();
}

}  // namespace cicatrix::annotate
