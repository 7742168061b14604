// Shared by marker_edges and sticker_ruler (private to ml): an intensity profile in linear light.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace cicatrix::ml {

// Samples from `a` to `b` every quarter pixel or so (between 12 and `maxSamples`, each at the
// centre of its step), in linear light; empty when the profile leaves the image.
[[nodiscard]] std::vector<double> linearProfile(const cv::Mat& gray, cv::Point2d a, cv::Point2d b,
                                                int maxSamples);

}  // namespace cicatrix::ml
