// EXIF orientation (tag 0x0112, values 1..8) applied to decoded pixels.
// Used on import and before inference so every consumer sees the photo upright. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

namespace cicatrix::library {

// True for the eight orientations EXIF defines.
[[nodiscard]] bool isValidExifOrientation(int orientation);

// The size of an image of `stored` size once `orientation` is applied (5..8 swap axes).
[[nodiscard]] cv::Size orientedSize(cv::Size stored, int orientation);

// Returns the upright image. Invalid orientations are treated as 1 (identity, no copy).
[[nodiscard]] cv::Mat applyExifOrientation(const cv::Mat& stored, int orientation);

}  // namespace cicatrix::library
