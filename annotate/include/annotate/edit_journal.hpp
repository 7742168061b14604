// The crash-safe autosave of a label being edited: an append-only journal file per (photo, label
// version being edited) in a folder the app gives (<library>/journals/, outside the object store).
// Owner thread: one thread (the main thread) calls append/flush; a writer thread inside writes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "annotate/label_edit.hpp"
#include "annotate/undo_stack.hpp"

namespace cicatrix::annotate {

// File layout (little-endian): the 8-byte magic "CICJRNL\n", then records, each
// [u32 payload length][u32 zlib crc32 of the payload][payload]. The first record is the header
// (format version, base id, map size, undo limits); then Edit (name, rect, zlib-compressed after
// patch), Undo and Redo records, in the order the user did them. Replaying them onto the base map
// through an UndoStack with the header's limits rebuilds the exact map AND undo/redo stack. A torn
// or corrupt record (kill -9 mid-write) ends the replay: it and anything after it are dropped.
inline constexpr std::uint32_t kJournalFormatVersion = 1;

// Flush policy (README): append() only queues the record; a writer thread writes and fdatasyncs
// queued records at most once per kJournalFlushInterval, and at once on flush(). A record is on
// disk at most ~1 s (plus one write + fdatasync) after append, so a crash or kill -9 loses at most
// the last ~1-2 s of work. The UI thread never waits on the disk except in flush().
inline constexpr std::chrono::milliseconds kJournalFlushInterval{1000};

enum class JournalErrorCode {
    InvalidInput,  // bad key, empty base id, map size or type not what the journal says
    Exists,        // create() found a journal: recover() it (or discard it) first
    BaseMismatch,  // the journal was started from another label version or photo: not applied
    Corrupt,       // the journal's header is unreadable
    Io,            // the filesystem failed (retryable)
};

struct JournalError {
    JournalErrorCode code;
    std::string message;                             // for the person at the screen
    std::optional<std::filesystem::path> keptAside;  // where an unusable journal was moved
};

template <typename T>
using JournalResult = std::expected<T, JournalError>;

// What recover() rebuilt; the app shows describe() to the user and continues with resume().
struct JournalRecovery {
    cv::Mat labels;  // the base map with the journaled work replayed
    UndoStack undo;  // the undo/redo stack as it was (limits from the journal's header)
    std::size_t edits = 0, undos = 0, redos = 0;  // records replayed
    std::size_t droppedRecords = 0;  // torn/corrupt tail records ignored (a torn tail counts 1)
    std::size_t droppedBytes = 0;    // bytes of that tail
    std::string baseId;
    std::uint64_t validBytes = 0;  // file length up to the last replayed record (resume cuts there)

    [[nodiscard]] std::string describe() const;  // "Unsaved work restored: 12 changes …"
};

class EditJournal {
  public:
    // Starts a journal for a label whose editing starts from `baseMap`'s version `baseId` (e.g.
    // "<label version sha256>:<photo sha256>"). `key` names the file: [A-Za-z0-9_.-], not starting
    // with '.'. Fails with Exists when a journal for `key` is there. The header is durable on
    // return. Owner thread (does file I/O: call it from a job or accept one small write).
    [[nodiscard]] static JournalResult<EditJournal> create(const std::filesystem::path& folder,
                                                           std::string_view key,
                                                           std::string_view baseId, cv::Size size,
                                                           UndoLimits limits = {});

    // Replays the journal for `key` onto `baseMap` (CV_8UC1). nullopt when there is no journal.
    // A journal started from another base (id or size) is never applied: it is renamed aside and
    // BaseMismatch comes back with its new path; an unreadable header likewise gives Corrupt.
    // Thread-safe (reads files only; renames on mismatch).
    [[nodiscard]] static JournalResult<std::optional<JournalRecovery>> recover(
        const std::filesystem::path& folder, std::string_view key, std::string_view baseId,
        const cv::Mat& baseMap);

    // Continues the journal `recovered` came from: its torn tail is cut off, then new records are
    // appended after the replayed ones.
    [[nodiscard]] static JournalResult<EditJournal> resume(const std::filesystem::path& folder,
                                                           std::string_view key,
                                                           const JournalRecovery& recovered);

    // Removes the journal for `key` (none is fine). The app calls it once the edited label is
    // committed as a new version, or when the user throws the recovered work away.
    [[nodiscard]] static JournalResult<void> discard(const std::filesystem::path& folder,
                                                     std::string_view key);

    [[nodiscard]] static std::filesystem::path pathFor(const std::filesystem::path& folder,
                                                       std::string_view key);

    EditJournal(EditJournal&&) noexcept;
    EditJournal& operator=(EditJournal&&) noexcept;
    ~EditJournal();  // writes and syncs what is queued, then stops the writer

    // Queue one finished edit (as pushed on the UndoStack; empty rects are ignored), an undo or a
    // redo. Never waits on the disk. The edit's `after` patch is shared, not copied: edits are
    // immutable once made. An earlier write failure comes back here (autosave is off then).
    // Owner thread.
    JournalResult<void> append(const LabelEdit& edit);
    JournalResult<void> appendUndo();
    JournalResult<void> appendRedo();

    // Writes and fdatasyncs everything queued; returns when it is durable. Owner thread.
    JournalResult<void> flush();

    // Stops writing and deletes the file (the label was saved as a version). Owner thread.
    JournalResult<void> discard();

    [[nodiscard]] const std::filesystem::path& path() const;

    class Impl;

  private:
    explicit EditJournal(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cicatrix::annotate
