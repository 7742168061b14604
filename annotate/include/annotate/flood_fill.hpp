// Flood fill: the region of similar photo colour connected to a seed, painted with a class.
// Main thread only (the map belongs to one thread at a time); cost follows the photo for the
// region search, the edit holds only the filled region's bounding box.
#pragma once

#include <opencv2/core/mat.hpp>

#include "annotate/label_edit.hpp"
#include "annotate/paint.hpp"

namespace cicatrix::annotate {

// Grows a 4-connected region from `seed` over `photo` (BGR CV_8UC3, the map's size) of pixels
// whose every channel is within `colourTolerance` (0..255) of the seed's colour, and paints it
// with options.classId (background when options.erase). Pixels the options protect stop the
// growth (so "inside the wound" never leaks past the outline). A seed outside the map or on a
// protected pixel changes nothing (empty edit).
[[nodiscard]] LabelEdit floodFill(cv::Mat& labels, const cv::Mat& photo, cv::Point seed,
                                  double colourTolerance, const PaintOptions& options);

}  // namespace cicatrix::annotate
