// EXPERIMENTAL tissue composition inside a wound mask, by colour alone.
// No public dataset here is large enough to train a tissue model, so this is a documented
// colour classifier: each pixel (after a 5×5 smoothing) goes to the tissue class whose CIELAB
// distribution (per-class mean and spread, a diagonal Gaussian with equal priors) is nearest.
// The default class statistics were fitted on the 13 expert tissue masks of LUTSeg; its error
// is measured leave-one-patient-out (see tissueLeaveOnePatientOut and the README).
// Classes are ids only (1..4, LUTSeg's); their names and colours are annotate's
// (label_classes.hpp). Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <string>
#include <vector>

namespace cicatrix::ml {

inline constexpr int kTissueClasses = 4;  // ids 1..4

struct TissueColourModel {
    std::array<cv::Vec3d, kTissueClasses> mean;    // OpenCV 8-bit Lab (L*255/100, a+128, b+128)
    std::array<cv::Vec3d, kTissueClasses> spread;  // per-channel standard deviation
};

[[nodiscard]] TissueColourModel defaultTissueModel();

struct TissueSample {
    cv::Mat bgr;
    cv::Mat labels;     // CV_8U class ids (0 background, 1..4 tissue, 5 other, 255 ignore)
    std::string group;  // patient, for leave-one-group-out
    cv::Mat woundMask;  // evaluation only: where to classify (CV_8U non-zero); empty = the expert
                        // wound (labels 1..4)
};

[[nodiscard]] TissueColourModel fitTissueModel(const std::vector<TissueSample>& samples);

// CV_8U class ids (1..4) inside the wound mask, 0 outside.
[[nodiscard]] cv::Mat classifyTissue(const cv::Mat& bgr, const cv::Mat& woundMask,
                                     const TissueColourModel& model);

struct TissueComposition {
    std::array<double, kTissueClasses> percent{};  // of the wound's classified pixels, by id-1
    double pixels = 0;
};

[[nodiscard]] TissueComposition tissueComposition(const cv::Mat& labels);

// Per-class absolute percentage-point error of leave-one-group-out prediction (classifier
// fitted on the other groups, applied inside each sample's woundMask, or inside the expert wound
// mask when that is empty) against the expert composition, averaged over images. With a
// segmentation model's masks as woundMask this is the error a user sees on the model's outline.
struct TissueEvaluation {
    std::array<double, kTissueClasses> meanAbsErrorPoints{};
    int images = 0;
};
[[nodiscard]] TissueEvaluation tissueLeaveOneGroupOut(const std::vector<TissueSample>& samples);

// Periwound redness index: mean CIELAB a* (−128..127) in a ring around the wound, as wide as
// 25 % of the wound's equivalent radius (at least 5 px). NaN when the ring is empty.
[[nodiscard]] double periwoundRedness(const cv::Mat& bgr, const cv::Mat& woundMask);

}  // namespace cicatrix::ml
