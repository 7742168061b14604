// The whole-photo analysis pipeline: calibration (manual if given, else an ArUco marker if one
// is found, else none), wound mask (given, or from the model), geometry, experimental tissue
// composition, periwound redness. Used by the CLI on files and by library analysis jobs.
// Thread-safe (the model serialises its own forward passes).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <opencv2/core.hpp>

#include <optional>
#include <string>

#include "library/records.hpp"
#include "ml/calibration.hpp"
#include "ml/calibration_quality.hpp"
#include "ml/measurement_uncertainty.hpp"
#include "ml/segmentation_model.hpp"
#include "ml/tissue_composition.hpp"
#include "ml/wound_measurement.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

inline constexpr const char* kTissueMethod = "cielab-gaussian-v1 (experimental)";

struct AnalysisOptions {
    double markerMm = ml::kDefaultMarkerMm;           // printed marker side
    std::optional<ml::PlaneCalibration> calibration;  // a manual calibration wins over the marker
    cv::Mat mask;  // a given mask (0/255 at the photo's size) replaces the model
};

struct PhotoAnalysis {
    cv::Mat mask;            // 0/255, photo size
    cv::Mat tissueLabels;    // 1..4 inside the mask
    std::string maskSource;  // model | manual
    std::optional<std::string> modelName, modelVersion;
    std::optional<int> modelPipeline;  // ml::kSegmentationPipeline when the model drew the mask
    std::optional<ml::PlaneCalibration> calibration;
    std::string calibrationNote;  // why there is none, when there is none
    ml::WoundGeometry geometry;
    // ArUco calibration: the measures' 95 % intervals (also when unreliable) and the quality.
    std::optional<ml::MeasurementUncertainty> uncertainty;
    std::optional<ml::CalibrationQuality> quality;
    ml::TissueComposition tissue;
    double periwoundRedness = 0.0;  // NaN when undefined
    std::optional<double> meanUncertainty;
};

// bgr: the upright photo. `model` may be null only when options.mask is given.
[[nodiscard]] Result<PhotoAnalysis> analysePhoto(const cv::Mat& bgr,
                                                 const ml::SegmentationModel* model,
                                                 const AnalysisOptions& options);

// The JSON the CLI prints (area_cm2 only when calibrated; area_px always; with a marker, the
// measures' 95 % intervals — area_cm2_ci95, length_mm_ci95, width_mm_ci95 — and
// calibration_quality).
[[nodiscard]] nlohmann::json analysisJson(const PhotoAnalysis& analysis);

// The length and width segments as drawn over the photo (image pixels); none for an empty mask.
[[nodiscard]] std::pair<std::optional<ImageSegment>, std::optional<ImageSegment>> drawnSegments(
    const ml::WoundGeometry& geometry);

// The database row for an analysis of `photoId` whose mask is stored as `maskSha256` (and its
// tissue label map as `tissueSha256`), with the drawn length and width segments.
[[nodiscard]] Analysis analysisRecord(const PhotoAnalysis& analysis, std::int64_t photoId,
                                      const std::string& maskSha256,
                                      std::optional<std::string> tissueSha256 = std::nullopt);

// A stored analysis's share (%) of tissue class `id` (annotate's ids 1..4); nullopt for other ids.
[[nodiscard]] std::optional<double> tissuePercent(const Analysis& analysis, std::uint8_t id);

}  // namespace cicatrix::workstation
