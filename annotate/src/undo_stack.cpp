// UndoStack: a deque of edits with a cursor; redo steps sit after the cursor. Bounds are enforced
// after every push by dropping from the front. Main thread only.
#include "annotate/undo_stack.hpp"

#include <utility>

namespace cicatrix::annotate {

UndoStack::UndoStack(UndoLimits limits) : m_limits(limits) {}

PushResult UndoStack::push(LabelEdit edit) {
    PushResult result;
    if (edit.rect.empty()) {
        return result;
    }
    result.redoDropped = redoCount();
    while (m_steps.size() > m_applied) {
        m_bytes -= editBytes(m_steps.back());
        m_steps.pop_back();
    }
    m_bytes += editBytes(edit);
    m_steps.push_back(std::move(edit));
    m_applied = m_steps.size();
    while (!m_steps.empty() &&
           (m_steps.size() > m_limits.maxDepth || m_bytes > m_limits.maxBytes)) {
        m_bytes -= editBytes(m_steps.front());
        m_steps.pop_front();
        --m_applied;
        ++result.oldestDropped;
    }
    return result;
}

std::optional<std::string> UndoStack::undo(cv::Mat& labels) {
    if (!canUndo()) {
        return std::nullopt;
    }
    const LabelEdit& edit = m_steps[--m_applied];
    revert(labels, edit);
    return edit.name;
}

std::optional<std::string> UndoStack::redo(cv::Mat& labels) {
    if (!canRedo()) {
        return std::nullopt;
    }
    const LabelEdit& edit = m_steps[m_applied++];
    apply(labels, edit);
    return edit.name;
}

std::optional<std::string_view> UndoStack::undoName() const {
    if (!canUndo()) {
        return std::nullopt;
    }
    return m_steps[m_applied - 1].name;
}

std::optional<std::string_view> UndoStack::redoName() const {
    if (!canRedo()) {
        return std::nullopt;
    }
    return m_steps[m_applied].name;
}

void UndoStack::clear() {
    m_steps.clear();
    m_applied = 0;
    m_bytes = 0;
}

}  // namespace cicatrix::annotate
