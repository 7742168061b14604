// Canvas pattern: an InvisibleButton over the panel gives hover, wheel and drag; the image is
// drawn with the view transform in photo pixel coordinates.
#include "workstation/gui/viewer_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

using render::Vec2;

void ViewerPanel::drawOverlay(const AppState& state, const Photo& photo, const render::Viewport& viewport,
                              const render::ViewTransform& view, DrawContext& ctx) {
    const Analysis* analysis = state.selectedAnalysis();
    if (analysis == nullptr || !state.overlay.visible) {
        return;
    }
    const auto overlay = ctx.textures.overlay(photo, *analysis);
    if (!overlay) {
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto screen = [&](render::Vec2 p) {
        const Vec2 s = render::imageToScreen(view, viewport, p);
        return ImVec2(static_cast<float>(s.x), static_cast<float>(s.y));
    };
    const ImVec2 a = screen({0, 0});
    const ImVec2 b = screen({static_cast<double>(photo.width), static_cast<double>(photo.height)});
    if (!state.overlay.outline) {
        const render::Texture* fill = state.overlay.tissueColours ? overlay->tissueFill : overlay->woundFill;
        dl->AddImage(fill->imguiId(), a, b, ImVec2(0, 0), ImVec2(1, 1),
                     IM_COL32(255, 255, 255, static_cast<int>(state.overlay.opacity * 255.0f)));
    }
    dl->AddImage(overlay->outline->imguiId(), a, b);
    ctx.record.rects.push_back({"overlay", a.x, a.y, b.x - a.x, b.y - a.y});
    if (!state.overlay.showAxes) {
        return;
    }
    const bool mm = analysis->lengthMm.has_value();
    // Labels sit beyond the segments' far ends so they never cover each other or the wound.
    const auto axis = [&](render::Vec2 p, render::Vec2 q, double value, const char* name) {
        const ImVec2 s = screen(p), t = screen(q);
        dl->AddLine(s, t, IM_COL32(0, 0, 0, 200), 4.0f);
        dl->AddLine(s, t, IM_COL32(255, 255, 255, 255), 2.0f);
        const std::string label = fmt::format("{} {:.{}f} {}", name, value, mm ? 1 : 0, mm ? "mm" : "px");
        const ImVec2 size = ImGui::CalcTextSize(label.c_str());
        const float dx = t.x - s.x, dy = t.y - s.y;
        const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
        const ImVec2 anchor(t.x + dx / len * 12.0f, t.y + dy / len * 12.0f);
        ImVec2 at(dx >= 0 ? anchor.x : anchor.x - size.x - 8, dy >= 0 ? anchor.y : anchor.y - size.y - 4);
        // Keep the label inside the viewer.
        const float minX = static_cast<float>(viewport.origin.x) + 4, minY = static_cast<float>(viewport.origin.y) + 40;
        const float maxX = static_cast<float>(viewport.origin.x + viewport.size.x) - size.x - 12;
        const float maxY = static_cast<float>(viewport.origin.y + viewport.size.y) - size.y - 8;
        at = ImVec2(std::clamp(at.x, minX, std::max(minX, maxX)), std::clamp(at.y, minY, std::max(minY, maxY)));
        dl->AddRectFilled(at, ImVec2(at.x + size.x + 8, at.y + size.y + 4), IM_COL32(0, 0, 0, 190), 3.0f);
        dl->AddText(ImVec2(at.x + 4, at.y + 2), IM_COL32(255, 255, 255, 255), label.c_str());
    };
    axis(overlay->lengthA, overlay->lengthB, mm ? *analysis->lengthMm : analysis->lengthPx, "L");
    axis(overlay->widthA, overlay->widthB, mm ? *analysis->widthMm : analysis->widthPx, "W");
}

void ViewerPanel::draw(const AppState& state, DrawContext& ctx) {
    const Photo* photo = state.selectedPhoto();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                      IM_COL32(18, 19, 21, 255));
    if (photo == nullptr) {
        const char* text =
            state.timeline.empty() ? "No photo to show." : "Select a photo on the timeline.";
        const ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(origin.x + (size.x - ts.x) / 2, origin.y + (size.y - ts.y) / 2),
                    ImGui::GetColorU32(theme::kMutedText), text);
        return;
    }
    if (size.x < 8 || size.y < 8) {
        return;
    }
    const render::Viewport viewport{{origin.x, origin.y}, {size.x, size.y}};
    const Vec2 imageSize{static_cast<double>(photo->width), static_cast<double>(photo->height)};
    render::ViewTransform view =
        state.view.fitMode ? render::fitView(imageSize, viewport) : state.view;

    ImGui::InvisibleButton("##viewer-canvas", size, ImGuiButtonFlags_MouseButtonLeft);
    const bool hovered = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    bool changed = false;
    if (hovered && io.MouseWheel != 0.0f) {
        view = render::zoomAbout(view, viewport, {io.MousePos.x, io.MousePos.y},
                                 std::pow(1.2, io.MouseWheel));
        changed = true;
    }
    const bool calibrating = state.calibration && state.calibration->photoId == photo->id;
    if (calibrating && ImGui::IsItemActive()) {
        // Ruler tool: drag along a ruler in the photo instead of panning.
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            m_dragStart = render::screenToImage(view, viewport, {io.MousePos.x, io.MousePos.y});
        }
        const Vec2 end = render::screenToImage(view, viewport, {io.MousePos.x, io.MousePos.y});
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
            ctx.intents.push_back(intent::SetCalibrationLine{m_dragStart, end});
        }
    } else if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
        view = render::panBy(view, {io.MouseDelta.x, io.MouseDelta.y});
        changed = true;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        ctx.intents.push_back(state.view.fitMode ? Intent{intent::ActualPixels{}}
                                                 : Intent{intent::FitView{}});
    } else if (changed) {
        ctx.intents.push_back(intent::SetView{view});
    }

    const render::Texture* tex = ctx.textures.fullImage(photo ? *photo : Photo{});
    bool preview = false;
    if (tex == nullptr) {
        tex = ctx.textures.thumbnail(*photo);
        preview = true;
    }
    dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    const Vec2 a = render::imageToScreen(view, viewport, {0, 0});
    const Vec2 b = render::imageToScreen(view, viewport, imageSize);
    if (tex != nullptr) {
        dl->AddImage(tex->imguiId(), ImVec2(static_cast<float>(a.x), static_cast<float>(a.y)),
                     ImVec2(static_cast<float>(b.x), static_cast<float>(b.y)));
        ctx.record.rects.push_back({preview ? "viewer-preview" : "viewer-image",
                                    static_cast<float>(a.x), static_cast<float>(a.y),
                                    static_cast<float>(b.x - a.x), static_cast<float>(b.y - a.y)});
        drawOverlay(state, *photo, viewport, view, ctx);
    }
    if (calibrating && state.calibration->hasLine) {
        const Vec2 p = render::imageToScreen(view, viewport, state.calibration->a);
        const Vec2 q = render::imageToScreen(view, viewport, state.calibration->b);
        const ImVec2 s(static_cast<float>(p.x), static_cast<float>(p.y)), t(static_cast<float>(q.x), static_cast<float>(q.y));
        dl->AddLine(s, t, IM_COL32(0, 0, 0, 220), 5.0f);
        dl->AddLine(s, t, IM_COL32(80, 255, 120, 255), 2.5f);
        dl->AddCircleFilled(s, 5.0f, IM_COL32(80, 255, 120, 255));
        dl->AddCircleFilled(t, 5.0f, IM_COL32(80, 255, 120, 255));
    }
    dl->PopClipRect();

    // Overlays: position and zoom (top-left), loading state.
    const int index = state.selectedPhotoIndex();
    const std::string top = fmt::format("{} / {}   {}   {:.0f}%{}", index + 1,
                                        state.timeline.size(), photo->capturedAt.substr(0, 10),
                                        view.scale * 100.0, view.fitMode ? " (fit)" : "");
    const ImVec2 pad(8, 6);
    const ImVec2 ts = ImGui::CalcTextSize(top.c_str());
    dl->AddRectFilled(ImVec2(origin.x + 8, origin.y + 8),
                      ImVec2(origin.x + 8 + ts.x + 2 * pad.x, origin.y + 8 + ts.y + 2 * pad.y),
                      IM_COL32(0, 0, 0, 170), 4.0f);
    dl->AddText(ImVec2(origin.x + 8 + pad.x, origin.y + 8 + pad.y), IM_COL32(235, 235, 235, 255),
                top.c_str());
    if (preview) {
        const std::string failure = ctx.textures.failure(*photo);
        const std::string text =
            failure.empty() ? "Loading full resolution…" : "Cannot display: " + failure;
        const ImVec2 s2 = ImGui::CalcTextSize(text.c_str());
        dl->AddRectFilled(ImVec2(origin.x + 8, origin.y + size.y - s2.y - 20),
                          ImVec2(origin.x + 24 + s2.x, origin.y + size.y - 8),
                          IM_COL32(0, 0, 0, 170), 4.0f);
        dl->AddText(ImVec2(origin.x + 16, origin.y + size.y - s2.y - 14),
                    ImGui::GetColorU32(failure.empty() ? theme::kMutedText : theme::kErrorText),
                    text.c_str());
    }
}

}  // namespace cicatrix::workstation
