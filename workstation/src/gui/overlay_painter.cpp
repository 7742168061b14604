// Tiled fill layers at the photo's full resolution, the outline as polylines; axis labels sit
// beyond the segments' far ends so they never cover each other or the wound, and stay inside the
// viewer.
#include "workstation/gui/overlay_painter.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "workstation/analysis/measurement_text.hpp"

namespace cicatrix::workstation {

namespace {

constexpr ImU32 kWoundColour = IM_COL32(255, 220, 60, 255);  // amber: reads on skin and dressings

ImU32 withAlpha(ImU32 colour, int alpha) {
    return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

ImVec2 toIm(render::Vec2 v) {
    return ImVec2(static_cast<float>(v.x), static_cast<float>(v.y));
}

void drawAxis(ImDrawList* dl, const CanvasView& canvas, render::Vec2 p, render::Vec2 q,
              double value, bool mm, const char* name) {
    const ImVec2 s = toIm(canvas.toScreen(p)), t = toIm(canvas.toScreen(q));
    dl->AddLine(s, t, IM_COL32(0, 0, 0, 200), 4.0f);
    dl->AddLine(s, t, IM_COL32(255, 255, 255, 255), 2.0f);
    const std::string label =
        fmt::format("{} {:.{}f} {}", name, value, mm ? 1 : 0, mm ? "mm" : "px");
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const float dx = t.x - s.x, dy = t.y - s.y;
    const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
    const ImVec2 anchor(t.x + dx / len * 12.0f, t.y + dy / len * 12.0f);
    ImVec2 at(dx >= 0 ? anchor.x : anchor.x - size.x - 8,
              dy >= 0 ? anchor.y : anchor.y - size.y - 4);
    const render::Viewport& vp = canvas.viewport;
    const float minX = static_cast<float>(vp.origin.x) + 4,
                minY = static_cast<float>(vp.origin.y) + 40;
    const float maxX = static_cast<float>(vp.origin.x + vp.size.x) - size.x - 12;
    const float maxY = static_cast<float>(vp.origin.y + vp.size.y) - size.y - 8;
    at = ImVec2(std::clamp(at.x, minX, std::max(minX, maxX)),
                std::clamp(at.y, minY, std::max(minY, maxY)));
    dl->AddRectFilled(at, ImVec2(at.x + size.x + 8, at.y + size.y + 4), IM_COL32(0, 0, 0, 190),
                      3.0f);
    dl->AddText(ImVec2(at.x + 4, at.y + 2), IM_COL32(255, 255, 255, 255), label.c_str());
}

}  // namespace

void paintAnalysisOverlay(const ViewportState& viewport, const Photo& photo,
                          const Analysis& analysis, const CanvasView& canvas, DrawContext& ctx) {
    const OverlaySettings& settings = viewport.overlay;
    if (!settings.visible) {
        return;
    }
    const auto overlay = ctx.textures.overlay(photo, analysis);
    if (!overlay) {
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const render::Vec2 size{static_cast<double>(photo.width), static_cast<double>(photo.height)};
    if (!settings.outline) {
        const int alpha = static_cast<int>(settings.opacity * 255.0f);
        if (settings.tissueColours) {
            overlay->tissueFill->draw(dl, canvas.view, canvas.viewport,
                                      IM_COL32(255, 255, 255, alpha), size);
        } else {
            overlay->woundFill->draw(dl, canvas.view, canvas.viewport,
                                     withAlpha(kWoundColour, alpha), size);
        }
    }
    std::vector<ImVec2> points;
    const float thickness = std::clamp(static_cast<float>(canvas.view.scale) * 2.0f, 1.5f, 3.0f);
    for (const auto& polygon : *overlay->outline) {
        points.clear();
        for (const render::Vec2& p : polygon) points.push_back(toIm(canvas.toScreen(p)));
        dl->AddPolyline(points.data(), static_cast<int>(points.size()), kWoundColour,
                        ImDrawFlags_Closed, thickness);
    }
    const ImVec2 a = toIm(canvas.toScreen({0, 0})), b = toIm(canvas.toScreen(size));
    ctx.record.rects.push_back({"overlay", a.x, a.y, b.x - a.x, b.y - a.y});
    if (overlay->tissueRecomputed && settings.tissueColours && !settings.outline) {
        // An analysis from before tissue maps were stored: its colours are classified again.
        const char* note =
            "Tissue colours re-classified (older analysis) - re-analyse to match the figures";
        const ImVec2 noteSize = ImGui::CalcTextSize(note);
        const render::Viewport& vp = canvas.viewport;
        const ImVec2 at(static_cast<float>(vp.origin.x + vp.size.x) - noteSize.x - 16,
                        static_cast<float>(vp.origin.y) + 8);
        dl->AddRectFilled(at, ImVec2(at.x + noteSize.x + 8, at.y + noteSize.y + 4),
                          IM_COL32(0, 0, 0, 190), 3.0f);
        dl->AddText(ImVec2(at.x + 4, at.y + 2), IM_COL32(255, 200, 80, 255), note);
    }
    if (!settings.showAxes || !overlay->length || !overlay->width) {
        return;  // an older calibrated analysis draws no axes rather than other ones
    }
    const bool mm = analysis.lengthMm.has_value() && analysis.widthMm.has_value();
    const ImageSegment& l = *overlay->length;
    const ImageSegment& w = *overlay->width;
    // An unreliable calibration never reads as exact, on the photo either.
    const bool rough = mm && unreliableCalibration(analysis);
    drawAxis(dl, canvas, {l.x1, l.y1}, {l.x2, l.y2}, mm ? *analysis.lengthMm : analysis.lengthPx,
             mm, rough ? "L ≈" : "L");
    drawAxis(dl, canvas, {w.x1, w.y1}, {w.x2, w.y2}, mm ? *analysis.widthMm : analysis.widthPx, mm,
             rough ? "W ≈" : "W");
}

}  // namespace cicatrix::workstation
