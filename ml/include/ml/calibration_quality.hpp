// Can a nurse trust this calibrated measurement, and if not, what should she do? A level and
// reasons in her words, from what the marker shows (tilt, size, blur, light, hidden edges,
// markers that disagree) and from the measurement's 95 % interval. The thresholds:
//   unreliable — interval wider than ±10 % of the area, or tilt ≥ 60°, marker under 24 px,
//                edge blur over a third of a marker module, contrast under 0.08 (linear light)
//                or edge signal-to-noise under 6, or the sticker's ruler more than 1.5 mm from
//                where the marker puts it (3 % at 50 mm: the sticker is not flat);
//   fair       — interval wider than ±5 %, tilt ≥ 45°, marker under 48 px, edge blur over 2 px,
//                contrast under 0.2, several markers disagreeing by more than 1 px, or the
//                sticker's ruler more than 0.75 mm off;
//   good       — otherwise.
// An unreliable area is still given, with its interval, but never shown as exact. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ml/calibration.hpp"
#include "ml/measurement_uncertainty.hpp"

namespace cicatrix::ml {

enum class CalibrationLevel { Good, Fair, Unreliable };

struct CalibrationQuality {
    CalibrationLevel level = CalibrationLevel::Good;
    std::vector<std::string> reasons;  // most serious first; empty when good
};

inline constexpr double kUnreliableHalfWidth = 0.10;
inline constexpr double kFairHalfWidth = 0.05;
inline constexpr double kRulerUnreliableMm = 1.5;
inline constexpr double kRulerFairMm = 0.75;

[[nodiscard]] CalibrationQuality assessCalibration(
    const PlaneCalibration& calibration, const std::optional<MeasurementUncertainty>& uncertainty);

[[nodiscard]] std::string_view levelName(CalibrationLevel level);  // "good" | "fair" | "unreliable"
[[nodiscard]] std::optional<CalibrationLevel> parseLevel(std::string_view name);

}  // namespace cicatrix::ml
