// The axes of the area and tissue trend chart, one definition for the workstation's chart and the
// evolution report's: the time span, the area axis with round ticks, and where a day, an area
// (or an end of its 95 % interval) and a tissue share go, as fractions of the plot (x: 0 = first
// day, 1 = last; y: 0 = bottom, 1 = top). Each backend only turns fractions into its own units.
#pragma once

#include <vector>

namespace cicatrix::workstation {

struct TrendChartScale {
    double firstDay = 0, lastDay = 1;  // days since 1970-01-01, at least one day apart
    double areaTop = 0;                // cm² at the top of the plot; 0 when no calibrated area
    double areaStep = 0;               // between area ticks (1, 2, 2.5 or 5 × a power of ten)

    [[nodiscard]] double x(double day) const;
    // An area in cm²; below 0 (an interval's low end) at the bottom.
    [[nodiscard]] double yArea(double cm2) const;
    [[nodiscard]] static double yPercent(double pct);
    // 0, areaStep, …, areaTop; none without a calibrated area.
    [[nodiscard]] std::vector<double> areaTicks() const;
    // Decimals that print every tick exactly (0.25 → 2, 2 → 0).
    [[nodiscard]] int areaDecimals() const;
};

// `firstDay`…`lastDay`: the days the chart spans (a span under a day is widened to two days
// around it). `maxAreaCm2`: the largest calibrated area or interval high end to show; 0 or less
// when there is none. The area axis reaches at least 10 % above it, at a tick.
[[nodiscard]] TrendChartScale trendChartScale(double firstDay, double lastDay, double maxAreaCm2);

}  // namespace cicatrix::workstation
