// Clean-up of a binary wound mask: drop small islands, fill small holes. Pure OpenCV; thread-safe.
#pragma once

#include <opencv2/core.hpp>

namespace cicatrix::ml {

struct PostprocessOptions {
    double minIslandFractionOfLargest = 0.05;  // islands smaller than this share of the largest go
    int minIslandPixels = 16;                   // and never keep specks below this
    double maxHoleFractionOfWound = 0.02;       // holes up to this share of the wound area are filled
};

// mask: CV_8U, non-zero = wound. Returns CV_8U 0/255.
[[nodiscard]] cv::Mat postprocessMask(const cv::Mat& mask, const PostprocessOptions& options = {});

}  // namespace cicatrix::ml
