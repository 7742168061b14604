// How a stored measurement is written for people (GUI, CLI, reports): a calibrated value with its
// 95 % interval, "7.40 cm² (7.21–7.62)"; an unreliable calibration never reads as exact,
// "≈7.4 cm² (6.1–8.9), unreliable"; an uncalibrated area stays in pixels.
#pragma once

#include <string>

#include "library/records.hpp"

namespace cicatrix::workstation {

using library::Analysis;

[[nodiscard]] bool unreliableCalibration(const Analysis& a);

// "7.40 cm² (7.21–7.62)" · "≈7.4 cm² (6.1–8.9), unreliable" · "7.40 cm²" (no interval: a ruler
// line or an analysis from before intervals) · "not calibrated (1234 px)".
[[nodiscard]] std::string areaText(const Analysis& a);

// "31.2 × 18.0 mm (30.8–31.6 × 17.7–18.3)" · "≈31 × 18 mm, unreliable" · "312 × 180 px".
[[nodiscard]] std::string sizeText(const Analysis& a);

// What the nurse reads before the number: "good", "fair — marker oblique — a photo from above is
// more accurate", "UNRELIABLE — marker too oblique — retake from above"; empty when the
// calibration has no quality (a ruler line, none, or an analysis from before quality flags).
[[nodiscard]] std::string calibrationVerdict(const Analysis& a);

// Who drew the outline: "cicatrix-wound-unet 2.0.0 (pipeline 2)" · "cicatrix-wound-unet 1.0.0"
// (an analysis from before the pipeline was recorded) · "manual mask".
[[nodiscard]] std::string outlineText(const Analysis& a);

}  // namespace cicatrix::workstation
