// GrabCut refinement (OpenCV): from a loose box around the wound and/or scribbles marking sure
// object and sure background, segment the photo on a crop around them and paint the result.
// Thread rule: the map belongs to one thread at a time; GrabCut takes tens to hundreds of ms on a
// large box, so an app may run it on a copy of the crop in a job.
#pragma once

#include <expected>
#include <opencv2/core/mat.hpp>
#include <vector>

#include "annotate/label_edit.hpp"
#include "annotate/paint.hpp"

namespace cicatrix::annotate {

struct GrabCutInput {
    cv::Rect box{};  // loose box around the object; empty: refine the current labels by scribbles
    std::vector<cv::Point> foreground{};  // scribble points on the object (sure foreground)
    std::vector<cv::Point> background{};  // scribble points off the object (sure background)
    int scribbleRadius = 3;               // each scribble point marks a disc of this radius
    int iterations = 3;
};

// Runs cv::grabCut on a crop of `photo` (BGR CV_8UC3, the map's size) around the box (+ margin),
// or around the scribbles when there is no box (then the crop's pixels now labelled
// options.classId start as probable object, the rest as probable background). Inside the box
// (or that crop), object pixels become options.classId and background pixels become background
// (0), both honouring the options (with "protect other classes" only classId pixels are
// cleared). Large crops run downscaled to about a megapixel and the mask is scaled back smoothly.
// Fails with a message when the input gives GrabCut nothing to separate.
[[nodiscard]] std::expected<LabelEdit, ToolError> grabCutRefine(cv::Mat& labels,
                                                                const cv::Mat& photo,
                                                                const GrabCutInput& input,
                                                                const PaintOptions& options);

}  // namespace cicatrix::annotate
