// Undo/redo over LabelEdits: each finished stroke or tool action is one step holding only its
// dirty-rectangle patches. Bounded by depth AND bytes (oldest steps dropped first). A stroke in
// progress is not on the stack: the app pushes it when it ends. Thread rule: main thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "annotate/label_edit.hpp"

namespace cicatrix::annotate {

// The documented bounds (README): at most 200 undo steps and at most 512 MiB of patches (both
// patches of every kept step, as editBytes counts them). Whichever is reached first drops the
// oldest steps. A single step larger than the whole byte budget is not kept (it cannot be undone;
// push reports it among the dropped oldest steps).
inline constexpr std::size_t kUndoMaxDepth = 200;
inline constexpr std::size_t kUndoMaxBytes = std::size_t{512} << 20;

struct UndoLimits {
    std::size_t maxDepth = kUndoMaxDepth;
    std::size_t maxBytes = kUndoMaxBytes;
};

struct PushResult {
    std::size_t redoDropped = 0;    // redo steps thrown away by this edit (tell the user)
    std::size_t oldestDropped = 0;  // oldest undo steps forgotten to stay within the bounds
};

class UndoStack {
  public:
    explicit UndoStack(UndoLimits limits = {});

    // Records an edit that is already applied to the map. Drops the redo branch first (the count
    // comes back so the UI can say "2 redo steps discarded"); ask redoCount() beforehand to warn.
    // An edit with an empty rect changes nothing: it is ignored and keeps the redo branch.
    PushResult push(LabelEdit edit);

    // Reverts (undo) or re-applies (redo) one step on `labels` and returns its name, or nullopt
    // when there is nothing to undo/redo (labels untouched).
    std::optional<std::string> undo(cv::Mat& labels);
    std::optional<std::string> redo(cv::Mat& labels);

    [[nodiscard]] bool canUndo() const { return m_applied > 0; }
    [[nodiscard]] bool canRedo() const { return m_applied < m_steps.size(); }
    // Steps that undo can take back now.
    [[nodiscard]] std::size_t depth() const { return m_applied; }
    // Steps that redo can re-apply now (the branch a new push would drop).
    [[nodiscard]] std::size_t redoCount() const { return m_steps.size() - m_applied; }
    // Bytes held by every kept step, undoable and redoable (≤ limits().maxBytes).
    [[nodiscard]] std::size_t bytes() const { return m_bytes; }
    [[nodiscard]] const UndoLimits& limits() const { return m_limits; }
    // Names for the Edit menu ("Undo Brush"); nullopt when there is nothing.
    [[nodiscard]] std::optional<std::string_view> undoName() const;
    [[nodiscard]] std::optional<std::string_view> redoName() const;

    void clear();

  private:
    UndoLimits m_limits;
    std::deque<LabelEdit> m_steps;  // oldest first; [0, m_applied) are applied to the map
    std::size_t m_applied = 0;
    std::size_t m_bytes = 0;
};

}  // namespace cicatrix::annotate
