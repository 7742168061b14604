// EditJournal::recover: checks the header against the base, then replays the records onto the
// base map through an UndoStack with the journal's limits; a torn or unfitting record ends it.
// Thread-safe (reads files; renames an unusable journal aside).
#include <system_error>

#include "annotate/edit_journal.hpp"
#include "journal_format.hpp"
#include "journal_io.hpp"

namespace cicatrix::annotate {
namespace fs = std::filesystem;
using journal::journalFail;
using journal::keepAside;
using journal::readFile;
using journal::validKey;

JournalResult<std::optional<JournalRecovery>> EditJournal::recover(const fs::path& folder,
                                                                   std::string_view key,
                                                                   std::string_view baseId,
                                                                   const cv::Mat& baseMap) {
    if (!validKey(key) || baseMap.type() != CV_8UC1 || baseMap.empty()) {
        return journalFail(JournalErrorCode::InvalidInput,
                           "Invalid journal key or base label map for recovery");
    }
    const fs::path path = pathFor(folder, key);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return std::optional<JournalRecovery>{};
    }
    const std::optional<std::string> file = readFile(path);
    if (!file) {
        return journalFail(JournalErrorCode::Io, "Cannot read the journal " + path.string());
    }
    journal::RecordReader reader(*file);
    const std::optional<std::string_view> first = reader.next();
    const std::optional<journal::Header> header =
        first ? journal::decodeHeader(*first) : std::nullopt;
    if (!header || header->version != kJournalFormatVersion) {
        auto aside = keepAside(path);
        if (!aside) {
            return std::unexpected(aside.error());
        }
        return journalFail(JournalErrorCode::Corrupt,
                           "The autosave journal for this label is unreadable; it was kept aside "
                           "and not applied",
                           *aside);
    }
    if (header->baseId != baseId || header->size != baseMap.size()) {
        auto aside = keepAside(path);
        if (!aside) {
            return std::unexpected(aside.error());
        }
        return journalFail(JournalErrorCode::BaseMismatch,
                           "Unsaved work was found for this photo but it started from a different "
                           "label version; it was kept aside and not applied",
                           *aside);
    }

    JournalRecovery recovery;
    recovery.labels = baseMap.clone();
    recovery.undo = UndoStack(header->limits);
    recovery.baseId = header->baseId;
    std::size_t goodEnd = reader.offset();
    const cv::Rect bounds({0, 0}, baseMap.size());
    bool stoppedOnBadRecord = false;
    while (const std::optional<std::string_view> payload = reader.next()) {
        const std::optional<journal::RecordType> type = journal::recordType(*payload);
        bool ok = false;
        if (type == journal::RecordType::Edit) {
            std::optional<journal::EditRecord> record = journal::decodeEdit(*payload);
            if (record && (record->rect & bounds) == record->rect) {
                LabelEdit edit{std::move(record->name), record->rect,
                               recovery.labels(record->rect).clone(), std::move(record->after)};
                apply(recovery.labels, edit);
                recovery.undo.push(std::move(edit));
                ++recovery.edits;
                ok = true;
            }
        } else if (type == journal::RecordType::Undo && payload->size() == 1) {
            ok = recovery.undo.undo(recovery.labels).has_value();
            recovery.undos += ok ? 1 : 0;
        } else if (type == journal::RecordType::Redo && payload->size() == 1) {
            ok = recovery.undo.redo(recovery.labels).has_value();
            recovery.redos += ok ? 1 : 0;
        }
        if (!ok) {
            stoppedOnBadRecord = true;  // a good CRC but a record that does not fit: stop here
            break;
        }
        goodEnd = reader.offset();
    }
    if (stoppedOnBadRecord || reader.torn()) {
        recovery.droppedRecords = 1;
        recovery.droppedBytes = file->size() - goodEnd;
    }
    recovery.validBytes = goodEnd;
    return std::optional<JournalRecovery>(std::move(recovery));
}

std::string JournalRecovery::describe() const {
    std::string text = "Unsaved work restored from the autosave journal: " + std::to_string(edits) +
                       (edits == 1 ? " change" : " changes");
    if (undos > 0 || redos > 0) {
        text += " (" + std::to_string(undos) + " undone, " + std::to_string(redos) + " redone)";
    }
    text += ".";
    if (droppedRecords > 0) {
        text +=
            " The very last change was incomplete when the program stopped and was not restored.";
    }
    return text;
}

}  // namespace cicatrix::annotate
