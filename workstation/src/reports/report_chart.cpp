// The trend chart with cairo paths: frame, grid, date ticks, area line on the left axis and the
// tissue lines on the right one, legend above. Thread-safe (draws only on the given document).
#include "workstation/reports/report_chart.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "annotate/label_classes.hpp"
#include "workstation/analysis/trend_chart_scale.hpp"

namespace cicatrix::workstation {

namespace {

constexpr double kLeftAxis = 40, kRightAxis = 30, kBottomAxis = 18, kLegend = 18;

void setRgb(cairo_t* cr, const std::array<std::uint8_t, 3>& rgb) {
    cairo_set_source_rgb(cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

}  // namespace

void drawTrendChart(PdfDocument& doc, double x, double y, double w, double h,
                    const std::vector<ChartPoint>& points) {
    cairo_t* cr = doc.cr();
    const TextStyle tick{7, false, {0.35, 0.35, 0.35}};
    const double px0 = x + kLeftAxis, px1 = x + w - kRightAxis;
    const double py0 = y + kLegend, py1 = y + h - kBottomAxis;
    if (points.empty() || px1 <= px0 || py1 <= py0)
        return;

    double maxArea = 0;
    for (const auto& p : points)
        maxArea = std::max(
            {maxArea, p.areaCm2.value_or(0.0), p.areaCm2Ci95 ? p.areaCm2Ci95->second : 0.0});
    const TrendChartScale scale = trendChartScale(points.front().day, points.back().day, maxArea);
    const auto xOf = [&](double day) { return px0 + scale.x(day) * (px1 - px0); };
    const auto yArea = [&](double v) { return py1 - scale.yArea(v) * (py1 - py0); };
    const auto yPct = [&](double v) { return py1 - TrendChartScale::yPercent(v) * (py1 - py0); };

    // Frame and grid (the right axis' 0/25/50/75/100 %).
    cairo_set_line_width(cr, 0.4);
    for (int pct = 0; pct <= 100; pct += 25) {
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, px0, yPct(pct));
        cairo_line_to(cr, px1, yPct(pct));
        cairo_stroke(cr);
        doc.textLine(px1 + 4, yPct(pct) + 2.5, fmt::format("{}%", pct), tick);
    }
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, 0.7);
    cairo_rectangle(cr, px0, py0, px1 - px0, py1 - py0);
    cairo_stroke(cr);
    if (maxArea > 0) {
        for (const double v : scale.areaTicks()) {
            const std::string label = fmt::format("{:.{}f}", v, scale.areaDecimals());
            doc.textLine(px0 - 4 - doc.textWidth(label, tick), yArea(v) + 2.5, label, tick);
        }
        doc.textLine(x, py0 - 4, "cm²", tick);
    }

    // Date ticks: at most 6 of the points' dates, first and last always.
    const std::size_t n = points.size();
    const std::size_t every = std::max<std::size_t>(1, (n + 4) / 5);
    double lastLabelEnd = -1e9;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % every != 0 && i != n - 1)
            continue;
        const double tx = xOf(points[i].day);
        const double tw = doc.textWidth(points[i].date, tick);
        const double lx = std::clamp(tx - tw / 2, px0 - 10, px1 + 10 - tw);
        if (lx < lastLabelEnd + 4)
            continue;
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_move_to(cr, tx, py1);
        cairo_line_to(cr, tx, py1 + 3);
        cairo_stroke(cr);
        doc.textLine(lx, py1 + 11, points[i].date, tick);
        lastLabelEnd = lx + tw;
    }

    // Tissue shares, thin lines with small dots.
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        const auto cls = annotate::findTissueClass(id);
        setRgb(cr, cls->rgb);
        cairo_set_line_width(cr, 0.9);
        for (std::size_t i = 0; i < n; ++i) {
            const double v = points[i].tissuePct[static_cast<std::size_t>(id - 1)];
            if (i == 0)
                cairo_move_to(cr, xOf(points[i].day), yPct(v));
            else
                cairo_line_to(cr, xOf(points[i].day), yPct(v));
        }
        cairo_stroke(cr);
        for (const auto& p : points) {
            cairo_arc(cr, xOf(p.day), yPct(p.tissuePct[static_cast<std::size_t>(id - 1)]), 1.4, 0,
                      2 * M_PI);
            cairo_fill(cr);
        }
    }

    // Calibrated area, thick dark line; uncalibrated points leave a gap.
    cairo_set_source_rgb(cr, 0.05, 0.25, 0.55);
    cairo_set_line_width(cr, 2.0);
    bool drawing = false;
    for (const auto& p : points) {
        if (!p.areaCm2)
            continue;
        if (drawing)
            cairo_line_to(cr, xOf(p.day), yArea(*p.areaCm2));
        else
            cairo_move_to(cr, xOf(p.day), yArea(*p.areaCm2));
        drawing = true;
    }
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    for (const auto& p : points) {  // 95 % intervals as error bars
        if (!p.areaCm2 || !p.areaCm2Ci95)
            continue;
        const double at = xOf(p.day), top = yArea(p.areaCm2Ci95->second),
                     bottom = yArea(p.areaCm2Ci95->first);
        cairo_move_to(cr, at, top);
        cairo_line_to(cr, at, bottom);
        cairo_move_to(cr, at - 2.5, top);
        cairo_line_to(cr, at + 2.5, top);
        cairo_move_to(cr, at - 2.5, bottom);
        cairo_line_to(cr, at + 2.5, bottom);
    }
    cairo_stroke(cr);
    for (const auto& p : points) {
        if (!p.areaCm2)
            continue;
        cairo_arc(cr, xOf(p.day), yArea(*p.areaCm2), 2.6, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    if (maxArea <= 0) {
        const std::string note =
            "No calibrated area: pixel areas of different photos are not "
            "comparable";
        doc.textLine(px0 + 8, py0 + 14, note, TextStyle{8, false, {0.6, 0.3, 0.0}});
    }

    // Legend.
    const TextStyle legend{7.5, false, {0.2, 0.2, 0.2}};
    double lx = px0;
    const auto entry = [&](const std::array<std::uint8_t, 3>& rgb, const std::string& text) {
        setRgb(cr, rgb);
        cairo_rectangle(cr, lx, y + 4, 10, 4);
        cairo_fill(cr);
        doc.textLine(lx + 13, y + 9, text, legend);
        lx += 22 + doc.textWidth(text, legend);
    };
    entry({13, 64, 140}, "area (cm², calibrated)");
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        std::string word(annotate::findTissueClass(id)->word);
        if (id == annotate::kTissueReportOrder.back())
            word += " (tissue %: experimental)";
        entry(annotate::findTissueClass(id)->rgb, word);
    }
}

}  // namespace cicatrix::workstation
