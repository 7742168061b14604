// Edits go map → undo stack → journal (queued, written by its own thread) → layer rectangle.
#include "workstation/gui/annotate_session.hpp"

#include <opencv2/imgproc.hpp>

namespace cicatrix::workstation {

void SessionData::countLabels() {
    counts.fill(0);
    for (int y = 0; y < labels.rows; ++y) {
        const auto* row = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) ++counts[row[x]];
    }
}

void AnnotateSession::open(SessionData data) {
    close();
    m_labels = std::move(data.labels);
    m_photo = std::move(data.photo);
    m_undo = std::move(data.undo);
    m_journal = std::move(data.journal);
    m_journalFolder = std::move(data.journalFolder);
    m_journalKey = std::move(data.journalKey);
    m_layer.reset(std::move(data.labelsRgba));
    if (!data.draftRgba.empty())
        m_draftLayer.reset(std::move(data.draftRgba));
    m_counts = data.counts;
    m_edits = data.restoredEdits;
    ++m_generation;
}

void AnnotateSession::close() {
    if (m_stroke.active())
        (void)m_stroke.end();
    if (m_journal)
        journal(m_journal->flush());
    m_journal.reset();
    m_labels.release();
    m_photo.release();
    m_undo.clear();
    m_rects.clear();
    m_rectsApplied = 0;
    m_superpixels.reset();
    m_layer.clear();
    m_draftLayer.clear();
    m_journalError.clear();
    m_edits = 0;
    ++m_generation;
}

void AnnotateSession::count(const cv::Mat& patch, int sign) {
    if (patch.empty())
        return;
    for (int y = 0; y < patch.rows; ++y) {
        const auto* row = patch.ptr<std::uint8_t>(y);
        for (int x = 0; x < patch.cols; ++x) m_counts[row[x]] += sign;
    }
}

void AnnotateSession::journal(const annotate::JournalResult<void>& result) {
    if (!result)
        m_journalError = "Autosave is off: " + result.error().message;
}

std::int64_t AnnotateSession::beginStroke(cv::Point2f at, int radius,
                                          const annotate::PaintOptions& options) {
    if (!isOpen())
        return 0;
    if (m_stroke.active())
        endStroke("Brush");
    const cv::Rect rect = m_stroke.begin(m_labels, at, radius, options);
    return m_layer.update(m_labels, rect);
}

std::int64_t AnnotateSession::strokeTo(cv::Point2f at) {
    if (!m_stroke.active())
        return 0;
    return m_layer.update(m_labels, m_stroke.moveTo(at));
}

void AnnotateSession::endStroke(std::string name) {
    if (!m_stroke.active())
        return;
    commit(m_stroke.end(std::move(name)));
}

void AnnotateSession::commit(annotate::LabelEdit edit) {
    if (edit.rect.empty())
        return;
    count(edit.before, -1);
    count(edit.after, +1);
    m_layer.update(m_labels, edit.rect);
    if (m_journal)
        journal(m_journal->append(edit));
    syncRects();
    const cv::Rect rect = edit.rect;
    const annotate::PushResult pushed = m_undo.push(std::move(edit));
    m_redoDropped += pushed.redoDropped;
    m_rects.resize(m_rectsApplied);  // the redo branch is gone
    m_rects.push_back(rect);
    for (std::size_t i = 0; i < pushed.oldestDropped && !m_rects.empty(); ++i) m_rects.pop_front();
    m_rectsApplied = m_rects.size();
    syncRects();
    ++m_edits;
    ++m_generation;
}

void AnnotateSession::syncRects() {
    const std::size_t steps = m_undo.depth() + m_undo.redoCount();
    if (m_rects.size() != steps || m_rectsApplied != m_undo.depth()) {
        // Steps we did not see made (a restored journal): refresh the whole map for them.
        m_rects.assign(steps, cv::Rect({0, 0}, m_labels.size()));
        m_rectsApplied = m_undo.depth();
    }
}

std::optional<std::string> AnnotateSession::step(bool redo) {
    if (m_stroke.active() || (redo ? !m_undo.canRedo() : !m_undo.canUndo()))
        return std::nullopt;
    syncRects();
    const cv::Rect rect = m_rects[redo ? m_rectsApplied : m_rectsApplied - 1];
    count(m_labels(rect), -1);
    auto name = redo ? m_undo.redo(m_labels) : m_undo.undo(m_labels);
    m_rectsApplied = m_undo.depth();
    count(m_labels(rect), +1);
    m_layer.update(m_labels, rect);
    if (m_journal)
        journal(redo ? m_journal->appendRedo() : m_journal->appendUndo());
    ++m_generation;
    return name;
}

void AnnotateSession::rebase(std::optional<annotate::EditJournal> journal, std::string key) {
    if (m_journal)
        this->journal(m_journal->discard());
    m_journal = std::move(journal);
    m_journalKey = std::move(key);
    m_undo.clear();
    m_rects.clear();
    m_rectsApplied = 0;
    ++m_generation;
}

}  // namespace cicatrix::workstation
