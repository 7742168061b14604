// A wound-segmentation TorchScript model with its card. Load once, reuse for every photo.
// Pipeline (version kSegmentationPipeline): uniform bands around the picture left out when they
// would shrink it
// (photo_content.hpp), letterbox to the card's input size, RGB normalisation, forward pass in
// torch::InferenceMode, logits mapped back to the photo's full resolution, threshold,
// post-processing. segment() is thread-safe (calls are serialised; torch uses `threads` threads).
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>
#include <memory>

#include "ml/mask_postprocess.hpp"
#include "ml/ml_error.hpp"
#include "ml/model_card.hpp"
#include "ml/photo_content.hpp"

namespace cicatrix::ml {

// Bumped when the pipeline around the model changes what it outlines (caches of figures measured
// with a model are keyed by the model's digest and this). 2: bands left out, support rule.
inline constexpr int kSegmentationPipeline = 2;

struct Segmentation {
    cv::Mat mask;         // CV_8U 0/255 at the photo's size
    cv::Rect content;     // the part of the photo the model saw (the whole, or photoContent())
    cv::Mat probability;  // CV_32F in [0,1] over `content`, at the model's letterboxed resolution
    double meanUncertainty;  // boundaryUncertainty(): mean binary entropy (bits) in a band
                             // around the outline (0 = certain)
};

class SegmentationModel {
  public:
    // `threads` <= 0: one fewer than the machine's cores (at least 1), leaving one for the UI.
    [[nodiscard]] static MlResult<std::unique_ptr<SegmentationModel>> load(
        const std::filesystem::path& dir, int threads = 0);
    ~SegmentationModel();
    SegmentationModel(const SegmentationModel&) = delete;
    SegmentationModel& operator=(const SegmentationModel&) = delete;

    [[nodiscard]] const ModelCard& card() const;
    [[nodiscard]] const std::filesystem::path& directory() const;

    // bgr: upright 8-bit BGR photo of any size (up to the import limits).
    [[nodiscard]] MlResult<Segmentation> segment(const cv::Mat& bgr,
                                                 const PostprocessOptions& post = {}) const;

    // The raw forward pass on an already prepared N×3×H×W float blob (for benchmarks).
    [[nodiscard]] MlResult<cv::Mat> forwardBlob(const cv::Mat& nchwBlob) const;

  private:
    struct Impl;
    explicit SegmentationModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Letterbox geometry shared by preparation and mapping back.
struct Letterbox {
    double scale;
    int top, left, width, height;  // placement of the resized photo inside the input
};
[[nodiscard]] Letterbox letterboxFor(cv::Size photo, cv::Size input);
// BGR photo → normalised 1×3×H×W float blob (RGB order), per the card.
[[nodiscard]] cv::Mat prepareInput(const cv::Mat& bgr, const ModelCard& card, Letterbox& box);

}  // namespace cicatrix::ml
