// The printable calibration sticker: an ArUco 4x4_50 marker of an exact printed size, a 50 mm
// check ruler and printing instructions, rendered at a given resolution. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include "ml/calibration.hpp"

namespace cicatrix::workstation {

struct StickerSpec {
    int markerId = 0;
    double markerMm = ml::kDefaultMarkerMm;
    int dpi = 600;
};

// A white BGR image ready to print at `dpi` (100 % scale).
[[nodiscard]] cv::Mat renderCalibrationSticker(const StickerSpec& spec);

}  // namespace cicatrix::workstation
