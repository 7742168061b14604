// ImDrawList chart: x = capture date, left axis area (cm²), right axis tissue %.
#include "workstation/gui/trend_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "annotate/label_classes.hpp"
#include "workstation/analysis/measurement_text.hpp"
#include "workstation/analysis/photo_analysis.hpp"
#include "workstation/analysis/trend_chart_scale.hpp"
#include "workstation/gui/theme.hpp"
#include "workstation/gui/timeline_layout.hpp"

namespace cicatrix::workstation {

namespace {

struct Series {
    std::vector<ImVec2> points;
};

ImU32 tissueColour(std::uint8_t id, int alpha = 255) {
    const auto rgb =
        annotate::rgbOnDark(id);  // necrosis lifted to grey so it shows on a dark chart
    return IM_COL32(rgb[0], rgb[1], rgb[2], alpha);
}

}  // namespace

void TrendPanel::draw(const AppState& state, DrawContext& ctx) {
    (void)ctx;
    if (!state.selectedWound())
        return;
    // Points in capture order (timeline order).
    struct Row {
        double day;
        const Analysis* a;
    };
    std::vector<Row> rows;
    for (const Photo& p : state.timeline) {
        const auto it = state.analyses.find(p.id);
        if (it != state.analyses.end())
            rows.push_back({parseIsoDays(p.capturedAt).value_or(0.0), &it->second});
    }
    if (rows.empty()) {  // none yet, or only analyses of another wound arrived so far
        ImGui::TextColored(theme::kMutedText,
                           "Healing trend: no analysis of this wound yet. Use \"Analyse wound\" "
                           "(panel on the right) to "
                           "measure every photo.");
        return;
    }
    const float summaryWidth = std::min(420.0f, ImGui::GetContentRegionAvail().x * 0.38f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float chartW = avail.x - summaryWidth - 16.0f;
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 plotMin(origin.x + 48.0f, origin.y + line * 1.8f);  // legend on the first line
    const ImVec2 plotMax(origin.x + chartW - 40.0f, origin.y + avail.y - line * 1.6f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(origin.x, origin.y), ImVec2(origin.x + chartW, origin.y + avail.y),
                      IM_COL32(22, 24, 27, 255), 4.0f);

    double firstDay = rows.front().day, lastDay = rows.back().day;
    if (!state.timeline.empty()) {
        firstDay =
            std::min(firstDay, parseIsoDays(state.timeline.front().capturedAt).value_or(firstDay));
        lastDay =
            std::max(lastDay, parseIsoDays(state.timeline.back().capturedAt).value_or(lastDay));
    }
    double maxArea = 0.0;
    for (const Row& r : rows) {
        if (r.a->areaCm2)
            maxArea =
                std::max(maxArea, r.a->areaCm2Ci95 ? std::max(*r.a->areaCm2, r.a->areaCm2Ci95->high)
                                                   : *r.a->areaCm2);
    }
    const TrendChartScale scale = trendChartScale(firstDay, lastDay, maxArea);
    auto xOf = [&](double day) {
        return plotMin.x + static_cast<float>(scale.x(day)) * (plotMax.x - plotMin.x);
    };
    auto yPercent = [&](double pct) {
        return plotMax.y -
               static_cast<float>(TrendChartScale::yPercent(pct)) * (plotMax.y - plotMin.y);
    };
    auto yArea = [&](double cm2) {
        return plotMax.y - static_cast<float>(scale.yArea(cm2)) * (plotMax.y - plotMin.y);
    };

    // Grid and axes.
    for (int pct = 0; pct <= 100; pct += 25) {
        const float y = yPercent(pct);
        dl->AddLine(ImVec2(plotMin.x, y), ImVec2(plotMax.x, y), IM_COL32(60, 64, 70, 255), 1.0f);
        const std::string label = fmt::format("{}%", pct);
        dl->AddText(ImVec2(plotMax.x + 6, y - line / 2), ImGui::GetColorU32(theme::kMutedText),
                    label.c_str());
    }
    if (maxArea > 0) {
        for (const double v : scale.areaTicks()) {
            const std::string label = fmt::format("{:.{}f}", v, scale.areaDecimals());
            dl->AddText(ImVec2(origin.x + 6, yArea(v) - line / 2), IM_COL32(235, 235, 235, 255),
                        label.c_str());
        }
    }
    // The first and last dates under the plot's ends; within one day (the span widened around
    // it) one label, centred: "02 Mar", or "02–03 Mar" across midnight.
    const std::string firstLabel = shortDayLabel(firstDay), lastLabel = shortDayLabel(lastDay);
    const ImU32 dateColour = ImGui::GetColorU32(theme::kMutedText);
    if (lastDay - firstDay < 1.0) {
        const std::string label =
            firstLabel == lastLabel ? firstLabel : firstLabel + " – " + lastLabel;
        const float width = ImGui::CalcTextSize(label.c_str()).x;
        dl->AddText(ImVec2(xOf(0.5 * (firstDay + lastDay)) - width / 2, plotMax.y + 4), dateColour,
                    label.c_str());
    } else {
        dl->AddText(ImVec2(xOf(firstDay), plotMax.y + 4), dateColour, firstLabel.c_str());
        dl->AddText(ImVec2(xOf(lastDay) - ImGui::CalcTextSize(lastLabel.c_str()).x, plotMax.y + 4),
                    dateColour, lastLabel.c_str());
    }

    // Tissue shares (experimental), thin lines.
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        std::vector<ImVec2> pts;
        for (const Row& r : rows)
            pts.emplace_back(xOf(r.day), yPercent(tissuePercent(*r.a, id).value_or(0.0)));
        if (pts.size() >= 2)
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), tissueColour(id, 200), 0,
                            1.5f);
        for (const auto& p : pts) dl->AddCircleFilled(p, 2.5f, tissueColour(id, 220));
    }
    // Selected photo marker, under the area's points and bars.
    if (const Photo* sel = state.selectedPhoto()) {
        const float x = xOf(parseIsoDays(sel->capturedAt).value_or(firstDay));
        dl->AddLine(ImVec2(x, plotMin.y), ImVec2(x, plotMax.y), theme::kSelection, 1.0f);
    }
    // Area, thick white line, calibrated points only; each with its 95 % interval as an error
    // bar; an unreliable calibration is a hollow red point.
    std::vector<ImVec2> area;
    for (const Row& r : rows) {
        if (!r.a->areaCm2)
            continue;
        const ImVec2 p(xOf(r.day), yArea(*r.a->areaCm2));
        area.push_back(p);
        if (const auto& ci = r.a->areaCm2Ci95) {
            const ImU32 bar = IM_COL32(245, 245, 245, 210);
            const float top = yArea(ci->high), bottom = yArea(ci->low);
            dl->AddLine(ImVec2(p.x, top), ImVec2(p.x, bottom), bar, 1.5f);
            dl->AddLine(ImVec2(p.x - 4, top), ImVec2(p.x + 4, top), bar, 1.5f);
            dl->AddLine(ImVec2(p.x - 4, bottom), ImVec2(p.x + 4, bottom), bar, 1.5f);
        }
    }
    if (area.size() >= 2)
        dl->AddPolyline(area.data(), static_cast<int>(area.size()), IM_COL32(245, 245, 245, 255), 0,
                        2.5f);
    std::size_t k = 0;
    for (const Row& r : rows) {
        if (!r.a->areaCm2)
            continue;
        // Recorded as drawn: the point, its bar and whether it is hollow (unreliable).
        const auto& ci = r.a->areaCm2Ci95;
        ctx.record.texts.push_back(
            {"trend:area",
             fmt::format("{:.2f}{}{}", *r.a->areaCm2,
                         ci ? fmt::format(" [{:.2f}, {:.2f}]", ci->low, ci->high) : "",
                         unreliableCalibration(*r.a) ? " unreliable" : "")});
        if (unreliableCalibration(*r.a)) {
            dl->AddCircleFilled(area[k], 4.5f, IM_COL32(22, 24, 27, 255));
            dl->AddCircle(area[k], 4.5f, ImGui::GetColorU32(theme::kErrorText), 0, 2.0f);
        } else {
            dl->AddCircleFilled(area[k], 4.0f, IM_COL32(245, 245, 245, 255));
        }
        ++k;
    }
    // Legend on the top line.
    float lx = plotMin.x;
    const float ly = origin.y + 4;
    auto legend = [&](ImU32 colour, const char* text) {
        dl->AddRectFilled(ImVec2(lx, ly + line * 0.35f), ImVec2(lx + 12, ly + line * 0.65f),
                          colour);
        dl->AddText(ImVec2(lx + 16, ly), ImGui::GetColorU32(theme::kMutedText), text);
        lx += 24 + ImGui::CalcTextSize(text).x;
    };
    const bool intervals = std::any_of(rows.begin(), rows.end(),
                                       [](const Row& r) { return r.a->areaCm2Ci95.has_value(); });
    if (maxArea > 0)
        legend(IM_COL32(245, 245, 245, 255),
               intervals ? "area cm² (bars: 95 % interval)" : "area cm²");
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        std::string word(annotate::findTissueClass(id)->word);
        if (id == annotate::kTissueReportOrder.back())
            word += "  (tissue %: experimental)";
        legend(tissueColour(id), word.c_str());
    }
    ctx.record.rects.push_back({"trend-chart", origin.x, origin.y, chartW, avail.y});

    // Summary and alerts.
    ImGui::SetCursorScreenPos(ImVec2(origin.x + chartW + 16.0f, origin.y));
    ImGui::BeginChild("trend-summary", ImVec2(summaryWidth, avail.y), false);
    const ml::HealingTrend& t = state.trend;
    ImGui::TextUnformatted("Healing trend");
    if (t.calibratedPoints == 0) {
        ImGui::TextColored(theme::kWarningText, "Area: uncalibrated photos only.");
        ImGui::TextWrapped(
            "Pixel areas of different photos are not comparable; add a calibration marker or a "
            "ruler "
            "calibration to follow the area.");
    } else {
        if (t.calibratedPoints < 2) {
            ImGui::Text("Area %.2f cm² (one calibrated photo: no trend yet)", *t.latestAreaCm2);
        } else {
            ImGui::Text("Area %.2f → %.2f cm²  (%d calibrated photos)", *t.baselineAreaCm2,
                        *t.latestAreaCm2, t.calibratedPoints);
            if (t.reductionPercent)
                ImGui::Text("Reduction since baseline: %.0f %%", *t.reductionPercent);
            if (t.weeklyRatePercent)
                ImGui::Text("Rate: %+.1f %% of baseline per week", *t.weeklyRatePercent);
        }
    }
    ImGui::Spacing();
    if (t.alerts.empty()) {
        ImGui::TextColored(theme::kOkText, "No alert");
    }
    for (const ml::Alert& a : t.alerts) {
        theme::alertBadge(1, a.explanation);
        ImGui::SameLine();
        ImGui::TextWrapped("%s (%s)", a.title.c_str(), isoDate(a.day).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", a.explanation.c_str());
    }
    ImGui::EndChild();
}

}  // namespace cicatrix::workstation
