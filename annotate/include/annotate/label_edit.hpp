// One edit of a label map as the undo stack and the edit journal keep it: the dirty rectangle and
// the label patches before and after, so memory follows what changed, not the image size. Tools
// produce edits; apply/revert put them on a map. Thread rule: a map and its edits belong to one
// thread at a time.
#pragma once

#include <opencv2/core/mat.hpp>
#include <string>

namespace cicatrix::annotate {

struct LabelEdit {
    std::string name;       // what the user did: "Brush", "Polygon fill", "GrabCut", …
    cv::Rect rect;          // in image pixels, inside the map
    cv::Mat before, after;  // CV_8UC1, rect.size(); owned copies (never views into the map)
};

// Copies `after` (apply) or `before` (revert) into `labels` at edit.rect. The map must be
// CV_8UC1 and contain the rectangle (programmer error otherwise).
void apply(cv::Mat& labels, const LabelEdit& edit);
void revert(cv::Mat& labels, const LabelEdit& edit);

// The edit that turns `before` into `after` (whole maps of one size): the bounding rectangle of
// the changed pixels, or nullopt-like empty rect (edit.rect.empty()) when nothing changed.
[[nodiscard]] LabelEdit diffEdit(std::string name, const cv::Mat& before, const cv::Mat& after);

// Bytes an edit holds (both patches), for the undo stack's memory bound.
[[nodiscard]] std::size_t editBytes(const LabelEdit& edit);

}  // namespace cicatrix::annotate
