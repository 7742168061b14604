// Ruler calibration tool: drag along a ruler in the photo; the line goes to the calibration draft
// (its length in mm is typed in the info panel). Active while state.calibration is set for the
// photo. Main thread only.
#pragma once

#include "workstation/gui/canvas_tool.hpp"

namespace cicatrix::workstation {

class RulerTool final : public CanvasTool {
  public:
    [[nodiscard]] static bool activeFor(const AppState& state, const Photo& photo) {
        return state.calibration && state.calibration->photoId == photo.id;
    }
    bool handle(const AppState& state, const Photo& photo, const CanvasPointer& pointer,
                std::vector<Intent>& intents) override;
    void draw(const AppState& state, const Photo& photo, const CanvasView& canvas,
              ImDrawList* drawList) override;

  private:
    render::Vec2 m_dragStart;  // where the line started (image pixels)
};

}  // namespace cicatrix::workstation
