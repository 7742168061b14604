// The canvas of one viewport (Dear ImGui's canvas pattern: an InvisibleButton over the region
// gives hover, wheel and drag): draws the photo with the viewport's view transform (the
// thumbnail stands in until the full resolution is decoded), zooms about the cursor, pans, and
// hands the pointer to the active tool first. Main thread only.
#pragma once

#include <cstddef>
#include <optional>

#include "workstation/gui/canvas_tool.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

struct CanvasFrame {
    CanvasView canvas;
    bool preview = false;  // the thumbnail is shown while the full resolution loads
};

class PhotoCanvas {
  public:
    // Fills the current content region with viewport `index` showing `photo`. `tool` may be
    // null. Returns where the photo was drawn (nullopt when the region is too small).
    std::optional<CanvasFrame> draw(const AppState& state, std::size_t index, const Photo& photo,
                                    CanvasTool* tool, DrawContext& ctx);
};

}  // namespace cicatrix::workstation
