// Greedy non-overlapping placement; month ticks with the std::chrono civil calendar.
#include "workstation/gui/timeline_layout.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace cicatrix::workstation {

namespace {
using namespace std::chrono;

year_month_day civil(double days) {
    return year_month_day{sys_days{std::chrono::days{static_cast<int>(std::floor(days))}}};
}
}  // namespace

TimelineLayout layoutTimeline(const std::vector<double>& days, double width, double thumbWidth,
                              double gap) {
    TimelineLayout out;
    out.margin = thumbWidth / 2.0 + gap;
    if (days.empty()) {
        out.width = width;
        return out;
    }
    const double span = std::max(days.back() - days.front(), 1.0);
    out.firstDay = std::floor(days.front() - span * 0.05 - 0.5);
    out.lastDay = std::ceil(days.back() + span * 0.05 + 0.5);
    // Wide enough that thumbnails fit side by side when they must.
    const double needed = static_cast<double>(days.size()) * (thumbWidth + gap) + 2.0 * out.margin;
    out.width = std::max(width, needed);
    out.pixelsPerDay = (out.width - 2.0 * out.margin) / (out.lastDay - out.firstDay);

    const std::size_t n = days.size();
    out.dateX.resize(n);
    out.thumbX.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.dateX[i] = out.xForDay(days[i]);
    }
    const double step = thumbWidth + gap;
    const double leftLimit = out.margin;
    const double rightLimit = out.width - out.margin;
    for (std::size_t i = 0; i < n; ++i) {  // push right to clear the previous thumbnail
        out.thumbX[i] = std::max(out.dateX[i], i == 0 ? leftLimit : out.thumbX[i - 1] + step);
    }
    for (std::size_t i = n; i-- > 0;) {  // pull back inside the right edge
        const double limit = i + 1 == n ? rightLimit : out.thumbX[i + 1] - step;
        out.thumbX[i] = std::min(out.thumbX[i], limit);
    }

    // Ticks: daily up to 2 weeks, weekly (Mondays) up to ~5 months, else monthly.
    const double totalDays = out.lastDay - out.firstDay;
    if (totalDays <= 16) {
        for (double d = std::ceil(out.firstDay); d <= out.lastDay; d += 1.0) {
            out.ticks.push_back({d, out.xForDay(d), shortDayLabel(d), true});
        }
    } else if (totalDays <= 150) {
        // 1970-01-01 was a Thursday: day 4 was a Monday.
        double monday = std::ceil((out.firstDay - 4.0) / 7.0) * 7.0 + 4.0;
        for (double d = monday; d <= out.lastDay; d += 7.0) {
            out.ticks.push_back({d, out.xForDay(d), shortDayLabel(d), true});
        }
    } else {
        auto ymd = civil(out.firstDay);
        year_month ym{ymd.year(), ymd.month()};
        ym += months{1};
        while (true) {
            const double d = sys_days{ym / 1}.time_since_epoch().count();
            if (d > out.lastDay) {
                break;
            }
            out.ticks.push_back({d, out.xForDay(d), monthLabel(d), true});
            ym += months{1};
        }
    }
    return out;
}

}  // namespace cicatrix::workstation
