// The ruler line: press to start, drag to extend; drawn as a green segment with end points.
#include "workstation/gui/ruler_tool.hpp"

#include <imgui.h>

namespace cicatrix::workstation {

bool RulerTool::handle(const AppState& state, const Photo& photo, const CanvasPointer& pointer,
                       std::vector<Intent>& intents) {
    if (!activeFor(state, photo)) {
        return false;
    }
    if (pointer.pressed) {
        m_dragStart = pointer.image;
    }
    if (pointer.dragging) {
        intents.push_back(intent::SetCalibrationLine{m_dragStart, pointer.image});
    }
    return true;
}

void RulerTool::draw(const AppState& state, const Photo& photo, const CanvasView& canvas,
                     ImDrawList* drawList) {
    if (!activeFor(state, photo) || !state.calibration->hasLine) {
        return;
    }
    const render::Vec2 p = canvas.toScreen(state.calibration->a);
    const render::Vec2 q = canvas.toScreen(state.calibration->b);
    const ImVec2 s(static_cast<float>(p.x), static_cast<float>(p.y));
    const ImVec2 t(static_cast<float>(q.x), static_cast<float>(q.y));
    const ImU32 green = IM_COL32(80, 255, 120, 255);
    drawList->AddLine(s, t, IM_COL32(0, 0, 0, 220), 5.0f);
    drawList->AddLine(s, t, green, 2.5f);
    drawList->AddCircleFilled(s, 5.0f, green);
    drawList->AddCircleFilled(t, 5.0f, green);
}

}  // namespace cicatrix::workstation
