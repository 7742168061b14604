// Round brush and eraser: a stroke of dabs along the pointer's path (spaced at most radius/2, so a
// fast move leaves no gap) that grows one dirty rectangle and ends as ONE LabelEdit. Cost and
// memory follow the brush, not the image. Main thread only (one stroke on one map at a time).
#pragma once

#include <opencv2/core/mat.hpp>

#include "annotate/label_edit.hpp"
#include "annotate/paint.hpp"

namespace cicatrix::annotate {

inline constexpr int kMinBrushRadius = 1;
inline constexpr int kMaxBrushRadius = 500;

// The next brush radius for ']' (direction +1) or '[' (-1): steps of ×1.25 (at least 1 px),
// clamped to [kMinBrushRadius, kMaxBrushRadius].
[[nodiscard]] int nextBrushRadius(int radius, int direction);

class BrushStroke {
  public:
    // Starts a stroke on `labels` (CV_8UC1; the stroke keeps a header sharing its pixels, so the
    // map must not be reallocated before end()) and paints the first dab at `point` (image
    // pixels). The eraser is options.erase. Returns the rectangle this dab changed.
    cv::Rect begin(cv::Mat& labels, cv::Point2f point, int radius, const PaintOptions& options);

    // Paints dabs from the last point to `point`; returns the rectangle they cover (clipped to
    // the map; empty when outside), for the caller to refresh only that part of its overlay.
    cv::Rect moveTo(cv::Point2f point);

    // Ends the stroke: the edit (already on the map) shrunk to the pixels that changed, with an
    // empty rect when the stroke changed nothing. The stroke is then inactive.
    [[nodiscard]] LabelEdit end(std::string name = {});

    [[nodiscard]] bool active() const { return !m_labels.empty(); }
    [[nodiscard]] cv::Rect dirtyRect() const { return m_dirty; }  // union of the dabs so far
    [[nodiscard]] std::size_t heldBytes() const { return m_before.total(); }

  private:
    cv::Rect dab(cv::Point2f centre);
    void reserve(const cv::Rect& rect);

    cv::Mat m_labels;     // header on the caller's map
    cv::Mat m_before;     // the map as it was over m_capacity (before any dab of this stroke)
    cv::Rect m_capacity;  // area m_before covers (the dirty rect plus slack)
    cv::Rect m_dirty;     // union of the dabs painted
    cv::Point2f m_last;
    int m_radius = 1;
    PaintOptions m_options;
    std::array<std::uint8_t, 256> m_table{};
};

}  // namespace cicatrix::annotate
