// The model's low-resolution logits brought to the photo's resolution and thresholded into the
// wound mask — computed only where the outline can be. Pure OpenCV; thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include "ml/mask_postprocess.hpp"

namespace cicatrix::ml {

// Bilinear upsampling of `logits` (CV_32F) to `full`, pixel centres aligned as cv::resize's
// INTER_LINEAR (source x = (x + 0.5)·w/W − 0.5, clamped to the map's edge), evaluated for the
// pixels of `roi` only (a rectangle inside `full`). Returns CV_32F of roi's size.
[[nodiscard]] cv::Mat upsampleLogits(const cv::Mat& logits, cv::Size full, cv::Rect roi);

// The smallest rectangle of `full` that holds every pixel upsampleLogits() can give a value above
// `threshold`, grown by one pixel on each side that is not the photo's edge (so its own border
// pixels are below the threshold); empty when no logit is above it. Exact: an interpolated value
// is a convex combination of its two-by-two source logits, so it can pass the threshold only next
// to a source logit that does.
[[nodiscard]] cv::Rect possibleWoundBox(const cv::Mat& logits, cv::Size full, double threshold);

// The post-processed (postprocessMask) mask of upsampleLogits(logits, full, whole photo) >
// threshold, CV_8U 0/255 of size `full`: the same mask as processing the whole photo, but the
// upsampling, islands and holes run inside possibleWoundBox() only. Exact because every wound
// pixel lies inside the box and its border is background connected to the photo's edge: what
// touches the box's border touches the photo's edge, and islands and holes inside it are the same.
[[nodiscard]] cv::Mat fullResolutionMask(const cv::Mat& logits, cv::Size full, double threshold,
                                         const PostprocessOptions& options = {});

}  // namespace cicatrix::ml
