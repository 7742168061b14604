// Timeline placement: dates map monotonically to x, thumbnails never overlap and stay inside.
#include <gtest/gtest.h>

#include "workstation/gui/timeline_layout.hpp"

namespace cicatrix::workstation {
namespace {

TEST(TimelineLayout, ParsesAndFormatsDates) {
    EXPECT_DOUBLE_EQ(*parseIsoDays("1970-01-02"), 1.0);
    EXPECT_DOUBLE_EQ(*parseIsoDays("1970-01-01T12:00:00"), 0.5);
    EXPECT_FALSE(parseIsoDays("2026-02-30"));
    EXPECT_FALSE(parseIsoDays("yesterday"));
    EXPECT_EQ(isoDate(*parseIsoDays("2026-03-02T23:59:00")), "2026-03-02");
    EXPECT_EQ(shortDayLabel(*parseIsoDays("2026-03-02")), "02 Mar");
    EXPECT_EQ(monthLabel(*parseIsoDays("2026-11-28")), "Nov 2026");
}

TEST(TimelineLayout, SpreadOutDatesSitOnTheirDates) {
    std::vector<double> days;
    for (const char* d : {"2026-01-05", "2026-02-05", "2026-03-05"})
        days.push_back(*parseIsoDays(d));
    const TimelineLayout layout = layoutTimeline(days, 1200, 100, 10);
    EXPECT_DOUBLE_EQ(layout.width, 1200);
    for (std::size_t i = 0; i < days.size(); ++i) {
        EXPECT_NEAR(layout.thumbX[i], layout.dateX[i], 1e-9);
    }
    EXPECT_LT(layout.dateX[0], layout.dateX[1]);
    EXPECT_FALSE(layout.ticks.empty());
}

TEST(TimelineLayout, CrowdedDatesDoNotOverlapAndStayInside) {
    std::vector<double> days;
    const double base = *parseIsoDays("2026-03-02");
    for (int i = 0; i < 12; ++i) days.push_back(base + (i < 10 ? 0.01 * i : 30.0 + i));
    const double thumb = 80, gap = 8;
    const TimelineLayout layout = layoutTimeline(days, 1000, thumb, gap);
    for (std::size_t i = 1; i < days.size(); ++i) {
        EXPECT_GE(layout.thumbX[i] - layout.thumbX[i - 1], thumb + gap - 1e-9) << i;
    }
    EXPECT_GE(layout.thumbX.front() - thumb / 2, 0.0);
    EXPECT_LE(layout.thumbX.back() + thumb / 2, layout.width);
}

TEST(TimelineLayout, ManyPhotosWidenTheCanvasInsteadOfShrinking) {
    std::vector<double> days;
    for (int i = 0; i < 100; ++i) days.push_back(20000.0 + i);
    const TimelineLayout layout = layoutTimeline(days, 800, 60, 6);
    EXPECT_GE(layout.width, 100 * 66.0);
    for (std::size_t i = 1; i < days.size(); ++i)
        EXPECT_GE(layout.thumbX[i] - layout.thumbX[i - 1], 66.0 - 1e-9);
}

TEST(TimelineLayout, TickSpacingFollowsTheSpan) {
    const double base = *parseIsoDays("2026-03-02");
    const auto week = layoutTimeline({base, base + 5}, 800, 60, 6);
    EXPECT_GE(week.ticks.size(), 5u);  // daily ticks
    const auto months = layoutTimeline({base, base + 60}, 800, 60, 6);
    for (std::size_t i = 1; i < months.ticks.size(); ++i)
        EXPECT_DOUBLE_EQ(months.ticks[i].days - months.ticks[i - 1].days, 7.0);
    const auto year = layoutTimeline({base, base + 365}, 800, 60, 6);
    ASSERT_GE(year.ticks.size(), 12u);
    // Axis starts 5 % of the span before 2 March: the first month tick is 1 March.
    EXPECT_EQ(year.ticks[0].label, "Mar 2026");
    EXPECT_EQ(isoDate(year.ticks[0].days), "2026-03-01");
    EXPECT_EQ(year.ticks[1].label, "Apr 2026");
    EXPECT_EQ(isoDate(year.ticks[11].days), "2027-02-01");
}

}  // namespace
}  // namespace cicatrix::workstation
