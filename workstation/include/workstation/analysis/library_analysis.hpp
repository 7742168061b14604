// Analysing photos that live in a library: decode from the store, use the photo's manual
// calibration when it has one, run the pipeline, store the mask (PNG, content-addressed) and
// append an analysis row with an audit entry. Never overwrites earlier analyses. Thread-safe.
#pragma once

#include "ml/segmentation_model.hpp"
#include "workstation/analysis/photo_analysis.hpp"
#include "library/library.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

[[nodiscard]] Result<Analysis> analyseLibraryPhoto(Library& library, const Photo& photo, const ml::SegmentationModel* model,
                                                   double markerMm, const cv::Mat& givenMask = {});

// Reads a stored mask (0/255) back.
[[nodiscard]] Result<cv::Mat> loadStoredMask(const Library& library, const std::string& maskSha256);

// Decodes a stored photo upright at full resolution.
[[nodiscard]] Result<cv::Mat> loadStoredPhoto(const Library& library, const Photo& photo);

}  // namespace cicatrix::workstation
