// The photo viewer of the Browse workspace: the active viewport's photo on a canvas (fit / 1:1,
// wheel zoom about the cursor, drag to pan; full resolution once decoded), the analysis overlay,
// the ruler tool while calibrating, and the photo's position and zoom. Main thread only.
#pragma once

#include "workstation/gui/draw_context.hpp"
#include "workstation/gui/photo_canvas.hpp"
#include "workstation/gui/ruler_tool.hpp"

namespace cicatrix::workstation {

class ViewerPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    PhotoCanvas m_canvas;
    RulerTool m_ruler;
};

}  // namespace cicatrix::workstation
