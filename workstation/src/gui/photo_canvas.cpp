// Input first (tool, wheel zoom, pan, double-click fit/1:1), then the photo, then the tool's marks.
#include "workstation/gui/photo_canvas.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <cmath>

namespace cicatrix::workstation {

using render::Vec2;

std::optional<CanvasFrame> PhotoCanvas::draw(const AppState& state, std::size_t index,
                                             const Photo& photo, CanvasTool* tool,
                                             DrawContext& ctx) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    if (size.x < 8 || size.y < 8) {
        return std::nullopt;
    }
    const ViewportState& vs = state.viewports.at(index);
    const render::Viewport viewport{{origin.x, origin.y}, {size.x, size.y}};
    const Vec2 imageSize{static_cast<double>(photo.width), static_cast<double>(photo.height)};
    render::ViewTransform view = vs.view.fitMode ? render::fitView(imageSize, viewport) : vs.view;

    ImGui::PushID(static_cast<int>(index));
    ImGui::InvisibleButton("##canvas", size, ImGuiButtonFlags_MouseButtonLeft);
    ImGui::PopID();
    const ImGuiIO& io = ImGui::GetIO();
    CanvasPointer pointer;
    pointer.hovered = ImGui::IsItemHovered();
    pointer.image = render::screenToImage(view, viewport, {io.MousePos.x, io.MousePos.y});
    const bool active = ImGui::IsItemActive();
    pointer.pressed = active && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    pointer.dragging = active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f);
    pointer.released = ImGui::IsItemDeactivated();

    bool changed = false;
    if (pointer.hovered && io.MouseWheel != 0.0f) {
        view = render::zoomAbout(view, viewport, {io.MousePos.x, io.MousePos.y},
                                 std::pow(1.2, io.MouseWheel));
        changed = true;
    }
    const bool toolOwnsButton = tool != nullptr && tool->handle(state, photo, pointer, ctx.intents);
    if (!toolOwnsButton && active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
        view = render::panBy(view, {io.MouseDelta.x, io.MouseDelta.y});
        changed = true;
    }
    if (!toolOwnsButton && pointer.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        ctx.intents.push_back(vs.view.fitMode ? Intent{intent::ActualPixels{index}}
                                              : Intent{intent::FitView{index}});
    } else if (changed) {
        ctx.intents.push_back(intent::SetView{index, view});
    } else if (vs.view.fitMode &&
               (vs.view.scale != view.scale || vs.view.center.x != view.center.x ||
                vs.view.center.y != view.center.y)) {
        // Fit follows the viewport: keep the fitted scale and centre in the state, so keyboard
        // zoom starts from what is on screen (and the state reports the real scale).
        ctx.intents.push_back(intent::SetView{index, view});
    }

    CanvasFrame frame{{viewport, view}, false};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    const Vec2 a = frame.canvas.toScreen({0, 0});
    const Vec2 b = frame.canvas.toScreen(imageSize);
    bool drawn = false;
    if (const render::TiledTexture* full = ctx.textures.fullImage(photo)) {
        full->draw(dl, view, viewport, IM_COL32_WHITE, imageSize);
        drawn = true;
    } else if (const render::Texture* thumb = ctx.textures.thumbnail(photo)) {
        dl->AddImage(thumb->imguiId(), ImVec2(static_cast<float>(a.x), static_cast<float>(a.y)),
                     ImVec2(static_cast<float>(b.x), static_cast<float>(b.y)));
        frame.preview = drawn = true;
    } else {
        frame.preview = true;
    }
    if (drawn) {
        ctx.record.rects.push_back({frame.preview ? "viewer-preview" : "viewer-image",
                                    static_cast<float>(a.x), static_cast<float>(a.y),
                                    static_cast<float>(b.x - a.x), static_cast<float>(b.y - a.y)});
    }
    dl->PopClipRect();
    return frame;
}

}  // namespace cicatrix::workstation
