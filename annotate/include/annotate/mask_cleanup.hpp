// Whole-mask clean-up tools: fill holes, remove small islands, smooth edges. Each works on the
// bounding box of the labelled pixels, changes the map in place and returns the edit (shrunk to
// the changed pixels; empty rect when nothing changed). Unsure (255) pixels are never changed.
// Main thread only (the map belongs to one thread at a time), or on a copy in a job.
#pragma once

#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <optional>

#include "annotate/label_edit.hpp"

namespace cicatrix::annotate {

// Fills holes: background components (4-connected) that do not touch the map's border and whose
// every neighbour is of `classId` (or, with nullopt, of any wound class 1..6). A hole becomes
// classId, or with nullopt the wound class most common around it. A notch open to the border or
// a gap next to unsure/background is not a hole.
[[nodiscard]] LabelEdit fillHoles(cv::Mat& labels, std::optional<std::uint8_t> classId);

// Removes islands: 8-connected components of one labelled class (not 0, not 255) smaller than
// minAreaPx; each takes the label most common around it (background for a speck on background,
// the surrounding tissue for a speck inside another tissue).
[[nodiscard]] LabelEdit removeSmallIslands(cv::Mat& labels, int minAreaPx);

// Smooths edges: each pixel takes the class with the most pixels in the (2·radius+1)² box around
// it (a majority filter per class; ties keep the current class), which rounds jagged outlines
// and removes spurs and notches thinner than about radius. 255 pixels neither change nor vote.
[[nodiscard]] LabelEdit smoothEdges(cv::Mat& labels, int radius);

}  // namespace cicatrix::annotate
