// Healing trends of wounds from their stored analyses (the latest analysis of each photo).
// Thread-safe (pure).
#pragma once

#include <map>
#include <vector>

#include "library/analysis_repository.hpp"
#include "ml/healing_trends.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

// `analyses` of one wound in capture order.
[[nodiscard]] std::vector<ml::TrendPoint> trendPoints(const std::vector<PlacedAnalysis>& analyses);
[[nodiscard]] ml::HealingTrend woundTrend(const std::vector<PlacedAnalysis>& analyses,
                                          const ml::AlertThresholds& thresholds);
// Every wound's trend from latestForAllWounds() rows.
[[nodiscard]] std::map<std::int64_t, ml::HealingTrend> trendsByWound(
    const std::vector<PlacedAnalysis>& rows, const ml::AlertThresholds& thresholds);

}  // namespace cicatrix::workstation
