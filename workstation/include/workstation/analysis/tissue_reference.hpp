// The expert tissue masks shipped with the demo photos (LUTSeg: assets/demo/tissue_masks), used to
// report the colour classifier's measured error next to every tissue figure: inside the expert
// wound outline, and inside a segmentation model's own outline. Thread-safe.
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <vector>

#include "ml/segmentation_model.hpp"
#include "ml/tissue_composition.hpp"

namespace cicatrix::workstation {

[[nodiscard]] std::vector<ml::TissueSample> loadTissueReference(
    const std::filesystem::path& demoDir);

// Leave-one-patient-out mean absolute error per class (percentage points), classifier applied
// inside the expert wound masks, when the reference is there. About a second.
[[nodiscard]] std::optional<ml::TissueEvaluation> measuredTissueError(
    const std::filesystem::path& demoDir);

// The same error with the classifier applied inside `model`'s outline of each reference photo,
// against the expert composition: the error of the tissue figures shown for a model analysis
// (outline errors and tissue errors together). Runs the model on every reference photo (tens of
// seconds on a small CPU): call it from a job, never the UI thread. With a `cacheDir`, the result
// is kept there per model file digest, segmentation pipeline version and tissue method
// (tissue-error-<sha256>-pipeline<N>.txt) and read back
// instead of measuring again. nullopt when there is neither a cached result nor the reference,
// when a segmentation fails, or when `stop` is requested. `progress` (optional) gets 0..1.
[[nodiscard]] std::optional<ml::TissueEvaluation> measuredTissueErrorInModelOutline(
    const std::filesystem::path& demoDir, const ml::SegmentationModel& model,
    const std::filesystem::path& cacheDir = {}, std::stop_token stop = {},
    const std::function<void(float)>& progress = {});

}  // namespace cicatrix::workstation
