// One stroke intent per frame while the button is held; polygon closed by double-click, Enter,
// right-click or a click on its first point; Escape drops it.
#include "workstation/gui/label_tool.hpp"

#include <imgui.h>

#include <cmath>

#include "annotate/label_classes.hpp"
#include "workstation/gui/label_layer.hpp"

namespace cicatrix::workstation {

namespace {
intent::Annotate act(annotate_action::Action a) {
    return intent::Annotate{std::move(a)};
}
cv::Point toPixel(render::Vec2 v) {
    return {static_cast<int>(std::floor(v.x)), static_cast<int>(std::floor(v.y))};
}
ImVec2 toIm(render::Vec2 v) {
    return ImVec2(static_cast<float>(v.x), static_cast<float>(v.y));
}
ImU32 classColour(std::uint8_t id, int alpha) {
    const auto rgb = annotate::rgbOnDark(id);
    return IM_COL32(rgb[0], rgb[1], rgb[2], alpha);
}
bool spaceHeld() {
    return ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_Space));
}
}  // namespace

void LabelTool::reset() {
    m_polygon.clear();
    m_boxing = false;
}

bool LabelTool::handle(const AppState& state, const Photo&, const CanvasPointer& pointer,
                       std::vector<Intent>& intents) {
    const AnnotateToolSettings& t = state.annotate.tools;
    m_pointer = pointer.image;
    m_hovered = pointer.hovered;
    if (t.tool != m_tool) {
        reset();
        m_tool = t.tool;
    }
    const bool held = ImGui::IsMouseDown(ImGuiMouseButton_Left);
    if (m_stroking && (!held || pointer.released)) {
        intents.push_back(act(annotate_action::StrokeEnd{}));
        m_stroking = false;
    }
    if (t.showAiDraft || spaceHeld())
        return false;  // the canvas pans
    switch (t.tool) {
        case AnnotateTool::Brush:
        case AnnotateTool::Eraser:
            if (pointer.pressed) {
                intents.push_back(act(annotate_action::StrokeBegin{pointer.image}));
                m_stroking = true;
                m_last = pointer.image;
            } else if (m_stroking && held &&
                       (pointer.image.x != m_last.x || pointer.image.y != m_last.y)) {
                intents.push_back(act(annotate_action::StrokeTo{pointer.image}));
                m_last = pointer.image;
            }
            break;
        case AnnotateTool::PolygonFill:
        case AnnotateTool::PolygonCut: {
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
                m_polygon.clear();
            const bool closeKey = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
            const bool closeClick =
                pointer.hovered && (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) ||
                                    ImGui::IsMouseClicked(ImGuiMouseButton_Right));
            if ((closeKey || closeClick) && m_polygon.size() >= 3) {
                intents.push_back(act(annotate_action::Polygon{std::exchange(m_polygon, {})}));
            } else if (pointer.pressed) {
                m_polygon.push_back(toPixel(pointer.image));
            }
            break;
        }
        case AnnotateTool::FloodFill:
            if (pointer.pressed)
                intents.push_back(act(annotate_action::FloodAt{toPixel(pointer.image)}));
            break;
        case AnnotateTool::Superpixel:
            if (pointer.pressed)
                intents.push_back(act(annotate_action::SuperpixelAt{toPixel(pointer.image)}));
            break;
        case AnnotateTool::GrabCutBox:
            if (pointer.pressed) {
                m_boxing = true;
                m_boxStart = pointer.image;
            } else if (m_boxing && (pointer.released || !held)) {
                m_boxing = false;
                const cv::Rect box(toPixel(m_boxStart), toPixel(pointer.image));
                intents.push_back(act(annotate_action::GrabCutBox{box}));
            }
            break;
    }
    return true;
}

void LabelTool::draw(const AppState& state, const Photo&, const CanvasView& canvas,
                     ImDrawList* dl) {
    const AnnotateToolSettings& t = state.annotate.tools;
    const ImU32 colour = classColour(t.classId, 255);
    if (!m_polygon.empty()) {
        std::vector<ImVec2> points;
        for (const cv::Point& p : m_polygon)
            points.push_back(toIm(canvas.toScreen({p.x + 0.5, p.y + 0.5})));
        if (m_hovered)
            points.push_back(toIm(canvas.toScreen(m_pointer)));
        dl->AddPolyline(points.data(), static_cast<int>(points.size()), IM_COL32(0, 0, 0, 200), 0,
                        4.0f);
        dl->AddPolyline(points.data(), static_cast<int>(points.size()), colour, 0, 2.0f);
        for (std::size_t i = 0; i < m_polygon.size(); ++i)
            dl->AddCircleFilled(points[i], 4.0f, colour);
    }
    if (m_boxing) {
        const ImVec2 a = toIm(canvas.toScreen(m_boxStart)), b = toIm(canvas.toScreen(m_pointer));
        dl->AddRect(a, b, IM_COL32(0, 0, 0, 200), 0, 0, 4.0f);
        dl->AddRect(a, b, IM_COL32(255, 255, 255, 255), 0, 0, 2.0f);
    }
    if (m_hovered && !t.showAiDraft &&
        (t.tool == AnnotateTool::Brush || t.tool == AnnotateTool::Eraser)) {
        const ImVec2 c = toIm(canvas.toScreen(m_pointer));
        const float r = std::max(2.0f, static_cast<float>(t.brushRadius * canvas.view.scale));
        dl->AddCircle(c, r + 1.0f, IM_COL32(0, 0, 0, 220), 48, 3.0f);
        dl->AddCircle(c, r, t.tool == AnnotateTool::Eraser ? IM_COL32(255, 255, 255, 255) : colour,
                      48, 1.5f);
    }
}

}  // namespace cicatrix::workstation
