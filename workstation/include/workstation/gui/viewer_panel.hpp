// The photo viewer: fit / 1:1, wheel zoom about the cursor, drag to pan, shown at full
// resolution once decoded (the thumbnail stands in meanwhile). Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class ViewerPanel {
  public:
    void draw(const AppState& state, DrawContext& ctx);

private:
    render::Vec2 m_dragStart;  // where the ruler line started (image pixels)
    void drawOverlay(const AppState& state, const Photo& photo, const render::Viewport& viewport,
                     const render::ViewTransform& view, DrawContext& ctx);
};

}  // namespace cicatrix::workstation
