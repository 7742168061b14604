// Healing trends and alerts for one wound from its measurements over time. Area rules use
// calibrated areas only (uncalibrated pixel areas of different photos are not comparable), with
// their 95 % intervals when known: an area alert whose change is within the measurements'
// uncertainty is still raised but says so (and is marked), so a nurse retakes before acting;
// tissue and periwound rules are scale-free. Alerts explain themselves; the redness alert is a
// prompt to check for infection, not a diagnosis. Thread-safe (pure).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ml/interval.hpp"

namespace cicatrix::ml {

struct TrendPoint {
    double day = 0.0;               // days since 1970-01-01
    std::optional<double> areaCm2;  // calibrated only
    std::optional<double> necrosisPercent;
    std::optional<double> rednessIndex;   // periwound mean a*
    std::optional<Interval> areaCm2Ci95;  // the area's 95 % interval, when known
    bool unreliableCalibration = false;   // its calibration was flagged unreliable
};

struct AlertThresholds {
    double minReductionAt4WeeksPercent = 40.0;  // less than this at 4 weeks: stalled healing
    double maxIncreaseBetweenVisitsPercent = 10.0;
    double necrosisRisePoints = 10.0;  // necrotic share up by this many points since baseline
    double rednessRise = 5.0;          // a* units above the wound's own baseline
};

enum class AlertKind { StalledHealing, AreaIncrease, NecrosisRising, PeriwoundRedness };

struct Alert {
    AlertKind kind;
    double day;
    std::string title;
    std::string explanation;
    // An area rule fired on a change the measurements cannot confirm (within their intervals, or
    // measured on a photo whose calibration is unreliable).
    bool withinUncertainty = false;
};

struct HealingTrend {
    std::optional<double> baselineAreaCm2;
    std::optional<double> latestAreaCm2;
    std::optional<double> reductionPercent;  // since baseline (positive = smaller)
    std::optional<double>
        weeklyRatePercent;  // linear fit of % of baseline area per week (negative = shrinking)
    int calibratedPoints = 0;
    std::vector<Alert> alerts;
};

// `points` in time order.
[[nodiscard]] HealingTrend analyseTrend(const std::vector<TrendPoint>& points,
                                        const AlertThresholds& thresholds = {});

[[nodiscard]] const char* alertKey(AlertKind kind);

}  // namespace cicatrix::ml
