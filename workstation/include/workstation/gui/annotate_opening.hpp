// Opening a photo for labelling, off the UI thread: its label versions, the base label (latest
// version; else an AI draft made from the latest model analysis and recorded as an ai_draft
// version; else empty), the photo pixels for the tools, and the edit journal (work restored after
// a crash, or a new journal). Worker thread (thread-safe: library and files only).
#pragma once

#include <filesystem>
#include <string>

#include "library/library.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/annotate_session.hpp"
#include "workstation/gui/annotate_state.hpp"

namespace cicatrix::workstation {

struct OpenedAnnotation {
    AnnotateDocument document;
    SessionData data;
    std::string notice;  // "Unsaved work restored (N edits)" or why a journal was set aside
    bool noticeIsError = false;
};

[[nodiscard]] Result<OpenedAnnotation> openAnnotation(Library& library, std::int64_t photoId,
                                                      const std::string& user);

// The journal of a photo's label being edited from `base` (0: no version yet), and the id that
// ties it to the base map's content.
[[nodiscard]] std::string journalKey(std::int64_t photoId, std::int64_t baseVersionId);
[[nodiscard]] std::string journalBaseId(const std::optional<LabelVersion>& base, cv::Size size);
[[nodiscard]] std::filesystem::path journalFolder(const Library& library);

// "version 3 (in progress, anna)" for the panels.
[[nodiscard]] std::string describeVersion(const LabelVersion& version);

}  // namespace cicatrix::workstation
