// Places a wound's photos on a date axis: each thumbnail sits as close as possible to its capture
// date without overlapping its neighbours (a leader line joins it to its true date), and axis ticks
// are chosen for the time span (days, weeks or months). Pure maths; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "library/dates.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

struct TimelineTick {
    double days;
    double x;
    std::string label;
    bool major;
};

struct TimelineLayout {
    double firstDay = 0.0;  // left edge of the axis
    double lastDay = 0.0;   // right edge
    double width = 0.0;     // canvas width used (>= the requested width when thumbnails need more)
    double pixelsPerDay = 0.0;
    std::vector<double> dateX;   // x of each photo's true date on the axis
    std::vector<double> thumbX;  // x of each thumbnail's centre
    std::vector<TimelineTick> ticks;

    [[nodiscard]] double xForDay(double day) const {
        return margin + (day - firstDay) * pixelsPerDay;
    }
    double margin = 0.0;
};

// `days` must be sorted ascending. Thumbnails are `thumbWidth` wide with `gap` between them.
[[nodiscard]] TimelineLayout layoutTimeline(const std::vector<double>& days, double width,
                                            double thumbWidth, double gap);

}  // namespace cicatrix::workstation
