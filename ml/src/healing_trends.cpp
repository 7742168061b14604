// Trend statistics (baseline, reduction, least-squares weekly rate) and the four alert rules.
#include "ml/healing_trends.hpp"

#include <cmath>
#include <cstdio>

namespace cicatrix::ml {

namespace {
std::string format(const char* fmt, double a, double b = 0.0, double c = 0.0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a, b, c);
    return buf;
}
}  // namespace

const char* alertKey(AlertKind kind) {
    switch (kind) {
        case AlertKind::StalledHealing:
            return "stalled_healing";
        case AlertKind::AreaIncrease:
            return "area_increase";
        case AlertKind::NecrosisRising:
            return "necrosis_rising";
        case AlertKind::PeriwoundRedness:
            return "periwound_redness";
    }
    return "?";
}

HealingTrend analyseTrend(const std::vector<TrendPoint>& points, const AlertThresholds& t) {
    HealingTrend trend;
    std::vector<const TrendPoint*> calibrated;
    for (const auto& p : points) {
        if (p.areaCm2)
            calibrated.push_back(&p);
    }
    trend.calibratedPoints = static_cast<int>(calibrated.size());
    if (!calibrated.empty()) {
        const TrendPoint& base = *calibrated.front();
        const TrendPoint& last = *calibrated.back();
        trend.baselineAreaCm2 = base.areaCm2;
        trend.latestAreaCm2 = last.areaCm2;
        if (*base.areaCm2 > 0) {
            trend.reductionPercent = 100.0 * (*base.areaCm2 - *last.areaCm2) / *base.areaCm2;
        }
        if (calibrated.size() >= 2 && *base.areaCm2 > 0) {
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            const double n = static_cast<double>(calibrated.size());
            for (const auto* p : calibrated) {
                const double x = (p->day - base.day) / 7.0;
                const double y = 100.0 * *p->areaCm2 / *base.areaCm2;
                sx += x, sy += y, sxx += x * x, sxy += x * y;
            }
            const double den = n * sxx - sx * sx;
            if (std::abs(den) > 1e-12)
                trend.weeklyRatePercent = (n * sxy - sx * sy) / den;
        }
        // Stalled healing: at the first measurement from 4 weeks on, reduction below the threshold.
        for (const auto* p : calibrated) {
            if (p->day - base.day >= 28.0 && *base.areaCm2 > 0) {
                const double reduction = 100.0 * (*base.areaCm2 - *p->areaCm2) / *base.areaCm2;
                if (reduction < t.minReductionAt4WeeksPercent) {
                    Alert alert{
                        AlertKind::StalledHealing, p->day, "Stalled healing",
                        format("Area reduced by %.0f %% after %.0f days (expected at least "
                               "%.0f %% at 4 weeks). Consider reassessing the treatment.",
                               reduction, p->day - base.day, t.minReductionAt4WeeksPercent)};
                    // The reduction's own uncertainty, in points: d(100 (b − p) / b).
                    if (base.areaCm2Ci95 && p->areaCm2Ci95) {
                        const double b = *base.areaCm2, v = *p->areaCm2;
                        const double uncertaintyPoints =
                            100.0 / b *
                            std::hypot(p->areaCm2Ci95->halfWidth(),
                                       v / b * base.areaCm2Ci95->halfWidth());
                        if (t.minReductionAt4WeeksPercent - reduction <= uncertaintyPoints) {
                            alert.withinUncertainty = true;
                            alert.explanation += format(
                                " The shortfall is within the measurements' uncertainty (±%.0f "
                                "points): confirm with a photo taken from above, marker beside "
                                "the wound.",
                                uncertaintyPoints);
                        }
                    }
                    if (p->unreliableCalibration || base.unreliableCalibration) {
                        alert.withinUncertainty = true;
                        alert.explanation +=
                            " A measurement it compares has an unreliable "
                            "calibration: retake before acting.";
                    }
                    trend.alerts.push_back(std::move(alert));
                }
                break;
            }
        }
        for (std::size_t i = 1; i < calibrated.size(); ++i) {
            const double before = *calibrated[i - 1]->areaCm2, after = *calibrated[i]->areaCm2;
            if (before > 0 &&
                100.0 * (after - before) / before > t.maxIncreaseBetweenVisitsPercent) {
                Alert alert{AlertKind::AreaIncrease, calibrated[i]->day, "Area increased",
                            format("Area grew from %.2f to %.2f cm² (+%.0f %%) since the previous "
                                   "measurement.",
                                   before, after, 100.0 * (after - before) / before)};
                const auto half =
                    differenceHalfWidth(calibrated[i - 1]->areaCm2Ci95, calibrated[i]->areaCm2Ci95);
                if (half && after - before <= *half) {
                    alert.withinUncertainty = true;
                    alert.explanation += format(
                        " The increase is within the measurements' uncertainty (±%.2f cm²): it may "
                        "not be real; retake from above with the marker beside the wound.",
                        *half);
                }
                if (calibrated[i - 1]->unreliableCalibration ||
                    calibrated[i]->unreliableCalibration) {
                    alert.withinUncertainty = true;
                    alert.explanation +=
                        " A measurement it compares has an unreliable calibration: "
                        "retake before acting.";
                }
                trend.alerts.push_back(std::move(alert));
            }
        }
    }
    const TrendPoint* necrosisBase = nullptr;
    const TrendPoint* rednessBase = nullptr;
    for (const auto& p : points) {
        if (p.necrosisPercent) {
            if (necrosisBase == nullptr) {
                necrosisBase = &p;
            } else if (*p.necrosisPercent - *necrosisBase->necrosisPercent >=
                       t.necrosisRisePoints) {
                trend.alerts.push_back(
                    {AlertKind::NecrosisRising, p.day, "Necrosis rising",
                     format("Necrotic tissue %.0f %% of the wound, up from %.0f %% at baseline "
                            "(experimental colour-based estimate).",
                            *p.necrosisPercent, *necrosisBase->necrosisPercent)});
            }
        }
        if (p.rednessIndex && std::isfinite(*p.rednessIndex)) {
            if (rednessBase == nullptr) {
                rednessBase = &p;
            } else if (*p.rednessIndex - *rednessBase->rednessIndex >= t.rednessRise) {
                trend.alerts.push_back(
                    {AlertKind::PeriwoundRedness, p.day,
                     "Periwound redness rising — check for infection",
                     format("Redness around the wound (mean a* %.1f) is %.1f above this wound's "
                            "baseline "
                            "(%.1f). A sign to check for infection, not a diagnosis.",
                            *p.rednessIndex, *p.rednessIndex - *rednessBase->rednessIndex,
                            *rednessBase->rednessIndex)});
            }
        }
    }
    return trend;
}

}  // namespace cicatrix::ml
