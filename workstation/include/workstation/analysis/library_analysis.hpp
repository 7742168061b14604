// Analysing photos that live in a library: decode from the store, use the photo's manual
// calibration when it has one, run the pipeline, store the mask (PNG, content-addressed) and
// append an analysis row with an audit entry. Never overwrites earlier analyses. Thread-safe.
#pragma once

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "library/library.hpp"
#include "ml/segmentation_model.hpp"
#include "workstation/analysis/photo_analysis.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

[[nodiscard]] Result<Analysis> analyseLibraryPhoto(Library& library, const Photo& photo,
                                                   const ml::SegmentationModel* model,
                                                   double markerMm, const cv::Mat& givenMask = {});

// The outcome of analysing a list of photos one by one.
struct AnalysisBatch {
    int attempted = 0;  // photos analysed or failed; fewer than given when stopped
    int failed = 0;
    std::string lastError;  // "photo name: message" of the last failure
    bool stopped = false;   // `stop` fired before every photo was attempted
};

// Analyses `photos` in order, checking `stop` before each photo, so a cancelled batch ends after
// the photo in progress; `progress` gets the fraction attempted after each photo. Worker thread.
[[nodiscard]] AnalysisBatch analyseLibraryPhotos(Library& library, const std::vector<Photo>& photos,
                                                 const ml::SegmentationModel* model,
                                                 double markerMm, std::stop_token stop,
                                                 const std::function<void(float)>& progress = {});

// Reads a stored mask (0/255) back.
[[nodiscard]] Result<cv::Mat> loadStoredMask(const Library& library, const std::string& maskSha256);

// Decodes a stored photo upright at full resolution.
[[nodiscard]] Result<cv::Mat> loadStoredPhoto(const Library& library, const Photo& photo);

}  // namespace cicatrix::workstation
