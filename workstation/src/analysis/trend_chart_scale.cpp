// Round area ticks: about four steps of 1, 2, 2.5 or 5 × a power of ten up to 110 % of the
// largest value.
#include "workstation/analysis/trend_chart_scale.hpp"

#include <algorithm>
#include <cmath>

namespace cicatrix::workstation {

namespace {

constexpr int kAreaSteps = 4;
constexpr double kAreaHeadroom = 1.1;

// A round step for about `count` steps up to `max` (> 0).
double niceStep(double max, int count) {
    const double raw = max / count;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0})
        if (raw <= m * magnitude * (1 + 1e-12))
            return m * magnitude;
    return 10 * magnitude;
}

}  // namespace

double TrendChartScale::x(double day) const {
    return (day - firstDay) / (lastDay - firstDay);
}

double TrendChartScale::yArea(double cm2) const {
    return areaTop > 0 ? std::max(cm2, 0.0) / areaTop : 0.0;
}

double TrendChartScale::yPercent(double pct) {
    return pct / 100.0;
}

std::vector<double> TrendChartScale::areaTicks() const {
    std::vector<double> ticks;
    if (areaTop <= 0 || areaStep <= 0)
        return ticks;
    const int steps = static_cast<int>(std::lround(areaTop / areaStep));
    for (int i = 0; i <= steps; ++i) ticks.push_back(i * areaStep);
    return ticks;
}

int TrendChartScale::areaDecimals() const {
    for (int d = 0; d < 6; ++d) {
        const double scaled = areaStep * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
            return d;
    }
    return 6;
}

TrendChartScale trendChartScale(double firstDay, double lastDay, double maxAreaCm2) {
    TrendChartScale s;
    s.firstDay = std::min(firstDay, lastDay);
    s.lastDay = std::max(firstDay, lastDay);
    if (s.lastDay - s.firstDay < 1.0) {
        s.firstDay -= 1.0;
        s.lastDay += 1.0;
    }
    if (maxAreaCm2 > 0 && std::isfinite(maxAreaCm2 * kAreaHeadroom)) {
        s.areaStep = niceStep(maxAreaCm2 * kAreaHeadroom, kAreaSteps);
        s.areaTop = std::ceil(maxAreaCm2 * kAreaHeadroom / s.areaStep - 1e-9) * s.areaStep;
    }
    return s;
}

}  // namespace cicatrix::workstation
