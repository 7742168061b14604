// Polygon fill (paint the class inside a polygon) and polygon cut (set background inside it), on a
// CV_8UC1 label map; the work and the edit cover the polygon's bounding box only.
// Main thread only (the map belongs to one thread at a time).
#pragma once

#include <opencv2/core/mat.hpp>
#include <span>

#include "annotate/label_edit.hpp"
#include "annotate/paint.hpp"

namespace cicatrix::annotate {

// Fills the polygon (image pixels, closed implicitly; fewer than 3 points changes nothing) with
// options.classId (or background when options.erase), honouring the options. The map is changed
// in place; the returned edit reverts it.
[[nodiscard]] LabelEdit polygonFill(cv::Mat& labels, std::span<const cv::Point> points,
                                    const PaintOptions& options);

// Sets background inside the polygon: polygonFill with erase, so "protect other classes" cuts
// only options.classId and "inside the wound" holds as for the eraser.
[[nodiscard]] LabelEdit polygonCut(cv::Mat& labels, std::span<const cv::Point> points,
                                   const PaintOptions& options);

}  // namespace cicatrix::annotate
