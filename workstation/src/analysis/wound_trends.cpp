// Analysis rows → trend points (calibrated area only when calibrated) → ml::analyseTrend.
#include "workstation/analysis/wound_trends.hpp"

#include "library/dates.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

std::vector<ml::TrendPoint> trendPoints(const std::vector<PlacedAnalysis>& analyses) {
    std::vector<ml::TrendPoint> points;
    for (const auto& p : analyses) {
        ml::TrendPoint t;
        t.day = parseIsoDays(p.capturedAt).value_or(0.0);
        t.areaCm2 = p.analysis.areaCm2;
        if (p.analysis.areaCm2Ci95)
            t.areaCm2Ci95 = ml::Interval{p.analysis.areaCm2Ci95->low, p.analysis.areaCm2Ci95->high};
        t.unreliableCalibration = p.analysis.calibrationQuality == "unreliable";
        t.necrosisPercent = p.analysis.necroticPct;
        t.rednessIndex = p.analysis.periwoundRedness;
        points.push_back(t);
    }
    return points;
}

ml::HealingTrend woundTrend(const std::vector<PlacedAnalysis>& analyses,
                            const ml::AlertThresholds& thresholds) {
    return ml::analyseTrend(trendPoints(analyses), thresholds);
}

std::map<std::int64_t, ml::HealingTrend> trendsByWound(const std::vector<PlacedAnalysis>& rows,
                                                       const ml::AlertThresholds& thresholds) {
    std::map<std::int64_t, std::vector<PlacedAnalysis>> byWound;
    for (const auto& r : rows) byWound[r.woundId].push_back(r);
    std::map<std::int64_t, ml::HealingTrend> out;
    for (const auto& [wound, list] : byWound) out[wound] = woundTrend(list, thresholds);
    return out;
}

}  // namespace cicatrix::workstation
