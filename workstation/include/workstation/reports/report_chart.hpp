// The area and tissue trend chart of the evolution report, drawn with cairo vectors into a box
// of a PdfDocument page: calibrated area (cm², left axis, thick line) and the four tissue shares
// (%, right axis, thin lines, labelled experimental) against the capture date.
// Thread-safe (draws only on the given document).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workstation/reports/pdf_document.hpp"

namespace cicatrix::workstation {

struct ChartPoint {
    double day = 0;                                        // days since 1970-01-01 (capture time)
    std::string date;                                      // YYYY-MM-DD, for the axis
    std::optional<double> areaCm2;                         // calibrated analyses only
    std::optional<std::pair<double, double>> areaCm2Ci95;  // its 95 % interval, drawn as a bar
    // Shares in percent by tissue class id - 1 (epithelial, slough, granulation, necrotic).
    std::array<double, 4> tissuePct{};
};

// Draws the chart in (x, y, w, h). `points` in capture order; at least one.
void drawTrendChart(PdfDocument& doc, double x, double y, double w, double h,
                    const std::vector<ChartPoint>& points);

}  // namespace cicatrix::workstation
