// Clean-up of a binary wound mask (drop islands the model is nowhere sure of and small ones, fill
// small holes) and the model's uncertainty along the mask's border. Pure OpenCV; thread-safe.
#pragma once

#include <opencv2/core.hpp>

namespace cicatrix::ml {

// The logit of probability p (clamped to (0, 1)): thresholds on logit maps.
[[nodiscard]] double logitOf(double p);

struct PostprocessOptions {
    // An island is supported when the model is at least this sure somewhere in it; unsupported
    // islands go, unless none is supported (then the surest island that is not a speck
    // by the two size rules below stays: the best guess, its hesitation shown by the boundary
    // uncertainty).
    // Chosen on FUSeg validation photos.
    double minPeakProbability = 0.9;
    double minIslandFractionOfLargest = 0.05;  // islands smaller than this share of the largest
                                               // supported one go
    int minIslandPixels = 16;                  // and never keep specks below this
    double maxHoleFractionOfWound = 0.02;  // holes up to this share of the wound area are filled
};

// mask: CV_8U, non-zero = wound. logits: CV_32F of the mask's size, the model's logits the mask was
// thresholded from (the support rule), or empty (every island supported). Returns CV_8U 0/255.
[[nodiscard]] cv::Mat postprocessMask(const cv::Mat& mask, const PostprocessOptions& options = {},
                                      const cv::Mat& logits = {});

// Half-width (pixels at the model's resolution) of the band around the predicted border over
// which the boundary uncertainty is averaged: the band is the morphological gradient of the mask
// with a (2w+1)×(2w+1) ellipse, i.e. pixels within ~w px on either side of the outline.
inline constexpr int kBoundaryBandHalfWidthPx = 3;

// Binary entropy in bits, -p·log2 p - (1-p)·log2(1-p), per pixel: 0 where the model is sure,
// 1 where p = 0.5. probability: CV_32F in [0,1]; returns CV_32F.
[[nodiscard]] cv::Mat binaryEntropyBits(const cv::Mat& probability);

// Mean binary entropy (bits; 0 = certain, 1 = p of 0.5) over the band around the border of `mask`.
// probability: CV_32F in [0,1]; mask: CV_8U (non-zero = wound) of the same size. The image's own
// edge is not a border. When the mask has no border (empty or full), the mean over the whole map.
// 0 for an empty map.
[[nodiscard]] double boundaryUncertainty(const cv::Mat& probability, const cv::Mat& mask,
                                         int bandHalfWidthPx = kBoundaryBandHalfWidthPx);

}  // namespace cicatrix::ml
