// The trend chart's axes (shared by the workstation's chart and the evolution report's).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "workstation/analysis/trend_chart_scale.hpp"

namespace cicatrix::workstation {
namespace {

bool isRoundStep(double step) {
    const double magnitude = std::pow(10.0, std::floor(std::log10(step)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::abs(step - m * magnitude) < 1e-9 * step)
            return true;
    return false;
}

TEST(TrendChartScale, AreaTicksAreRoundAndReachAboveTheLargestValue) {
    for (const double max : {0.07, 0.8, 1.0, 3.3, 7.9, 12.0, 48.5, 260.0}) {
        const TrendChartScale s = trendChartScale(20000, 20030, max);
        EXPECT_TRUE(isRoundStep(s.areaStep)) << max << ": step " << s.areaStep;
        EXPECT_GE(s.areaTop, max * 1.1 - 1e-9) << max;
        EXPECT_LT(s.areaTop, max * 1.1 + s.areaStep) << max;
        const auto ticks = s.areaTicks();
        ASSERT_GE(ticks.size(), 3u) << max;
        EXPECT_LE(ticks.size(), 5u) << max;
        EXPECT_DOUBLE_EQ(ticks.front(), 0.0);
        EXPECT_NEAR(ticks.back(), s.areaTop, 1e-9 * s.areaTop);
        EXPECT_DOUBLE_EQ(s.yArea(ticks.back()), 1.0);
        EXPECT_DOUBLE_EQ(s.yArea(max), max / s.areaTop);
    }
}

TEST(TrendChartScale, DecimalsPrintEveryTickExactly) {
    TrendChartScale s;
    s.areaStep = 2.0;
    EXPECT_EQ(s.areaDecimals(), 0);
    s.areaStep = 0.5;
    EXPECT_EQ(s.areaDecimals(), 1);
    s.areaStep = 0.25;
    EXPECT_EQ(s.areaDecimals(), 2);
    s.areaStep = 0.025;
    EXPECT_EQ(s.areaDecimals(), 3);
    s.areaStep = 2.5e-4;
    EXPECT_EQ(s.areaDecimals(), 5);
}

TEST(TrendChartScale, WithoutCalibratedAreaThereIsNoAreaAxis) {
    for (const double max :
         {0.0, -1.0, std::numeric_limits<double>::infinity(),
          std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::max()}) {
        const TrendChartScale s = trendChartScale(20000, 20010, max);
        EXPECT_TRUE(s.areaTicks().empty()) << max;
        EXPECT_EQ(s.areaTop, 0.0) << max;
        EXPECT_EQ(s.yArea(5.0), 0.0) << max;
    }
}

TEST(TrendChartScale, AnIntervalBelowZeroStopsAtTheAxis) {
    const TrendChartScale s = trendChartScale(20000, 20010, 4.0);
    EXPECT_EQ(s.yArea(-0.6), 0.0);
}

TEST(TrendChartScale, DaysMapLeftToRightAndOneDayIsCentred) {
    const TrendChartScale s = trendChartScale(20000, 20028, 1.0);
    EXPECT_DOUBLE_EQ(s.x(20000), 0.0);
    EXPECT_DOUBLE_EQ(s.x(20014), 0.5);
    EXPECT_DOUBLE_EQ(s.x(20028), 1.0);
    const TrendChartScale one = trendChartScale(20000.4, 20000.4, 1.0);
    EXPECT_DOUBLE_EQ(one.x(20000.4), 0.5);
    EXPECT_DOUBLE_EQ(TrendChartScale::yPercent(25), 0.25);
}

}  // namespace
}  // namespace cicatrix::workstation
