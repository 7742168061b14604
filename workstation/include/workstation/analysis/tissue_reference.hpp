// The expert tissue masks shipped with the demo photos (LUTSeg: assets/demo/tissue_masks), used to
// report the colour classifier's measured error next to every tissue figure. Thread-safe.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <vector>

#include "ml/tissue_composition.hpp"

namespace cicatrix::workstation {

[[nodiscard]] std::vector<ml::TissueSample> loadTissueReference(const std::filesystem::path& demoDir);

// Leave-one-patient-out mean absolute error per class (percentage points), when the reference is there.
[[nodiscard]] std::optional<ml::TissueEvaluation> measuredTissueError(const std::filesystem::path& demoDir);

}  // namespace cicatrix::workstation
