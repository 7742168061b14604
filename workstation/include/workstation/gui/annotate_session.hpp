// The label being edited in the Annotate workspace: the map (full resolution, class ids), its undo
// stack and autosave journal, the stroke in progress, the photo pixels the tools need and the
// GPU layers. Every edit is pushed on the undo stack, appended to the journal and uploaded as its
// rectangle only. Main thread only (the opening job prepares a SessionData off-thread).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "annotate/brush.hpp"
#include "annotate/edit_journal.hpp"
#include "annotate/superpixels.hpp"
#include "annotate/undo_stack.hpp"
#include "workstation/gui/label_layer.hpp"

namespace cicatrix::workstation {

// What the opening job hands to the main thread.
struct SessionData {
    cv::Mat labels, labelsRgba;  // the label being edited (journal replayed) and its colours
    cv::Mat draft, draftRgba;    // the AI draft (may be empty)
    cv::Mat photo;               // BGR, full resolution, for flood fill and GrabCut
    annotate::UndoStack undo;
    std::optional<annotate::EditJournal> journal;
    std::filesystem::path journalFolder;
    std::string journalKey;
    std::size_t restoredEdits = 0;           // > 0: work restored from the journal
    std::array<std::int64_t, 256> counts{};  // pixels per class id of `labels`

    void countLabels();  // fills `counts` (thread-safe: the job's own data)
};

class AnnotateSession {
  public:
    void open(SessionData data);  // uploads the layers
    void close();
    [[nodiscard]] bool isOpen() const { return !m_labels.empty(); }

    // The brush or eraser: the map changes at once, the layer follows the dirty rectangle. Each
    // returns the pixels uploaded.
    std::int64_t beginStroke(cv::Point2f at, int radius, const annotate::PaintOptions& options);
    std::int64_t strokeTo(cv::Point2f at);
    void endStroke(std::string name);
    [[nodiscard]] bool stroking() const { return m_stroke.active(); }

    // A finished tool edit already applied to the map: undo, journal, layer, counts.
    void commit(annotate::LabelEdit edit);
    std::optional<std::string> undo() { return step(/*redo=*/false); }
    std::optional<std::string> redo() { return step(/*redo=*/true); }

    // After the label was saved as a version: the journal is removed, and a new one (for the
    // new base) takes over; the undo history is cleared.
    void rebase(std::optional<annotate::EditJournal> journal, std::string key);

    [[nodiscard]] cv::Mat& labels() { return m_labels; }
    [[nodiscard]] const cv::Mat& labels() const { return m_labels; }
    [[nodiscard]] const cv::Mat& photo() const { return m_photo; }
    [[nodiscard]] const annotate::UndoStack& undoStack() const { return m_undo; }
    [[nodiscard]] const std::array<std::int64_t, 256>& classPixels() const { return m_counts; }
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }  // changes per edit
    [[nodiscard]] std::size_t edits() const { return m_edits; }
    // Redo steps thrown away by edits since the last call (the UI says so once), then 0.
    [[nodiscard]] std::size_t takeRedoDropped() { return std::exchange(m_redoDropped, 0); }
    [[nodiscard]] const std::filesystem::path& journalFolder() const { return m_journalFolder; }
    [[nodiscard]] const std::string& journalKey() const { return m_journalKey; }
    [[nodiscard]] std::string journalError() const { return m_journalError; }

    void setSuperpixels(std::shared_ptr<const annotate::Superpixels> superpixels) {
        m_superpixels = std::move(superpixels);
    }
    [[nodiscard]] const annotate::Superpixels* superpixels() const { return m_superpixels.get(); }

    [[nodiscard]] const LabelLayer& layer() const { return m_layer; }
    [[nodiscard]] const LabelLayer& draftLayer() const { return m_draftLayer; }

  private:
    void count(const cv::Mat& patch, int sign);
    std::optional<std::string> step(bool redo);
    void syncRects();
    void journal(const annotate::JournalResult<void>& result);

    cv::Mat m_labels, m_photo;
    annotate::UndoStack m_undo;
    std::deque<cv::Rect> m_rects;  // each undo step's rectangle, as m_undo keeps the steps
    std::size_t m_rectsApplied = 0;
    std::optional<annotate::EditJournal> m_journal;
    std::filesystem::path m_journalFolder;
    std::string m_journalKey, m_journalError;
    annotate::BrushStroke m_stroke;
    std::shared_ptr<const annotate::Superpixels> m_superpixels;
    LabelLayer m_layer, m_draftLayer;
    std::array<std::int64_t, 256> m_counts{};
    std::uint64_t m_generation = 0;
    std::size_t m_edits = 0;
    std::size_t m_redoDropped = 0;
};

}  // namespace cicatrix::workstation
