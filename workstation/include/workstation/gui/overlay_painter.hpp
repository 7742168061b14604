// Draws an analysis over the photo on a canvas: the filled mask (per-tissue or one wound colour,
// at the viewport's opacity), the outline, and the stored length and width segments with their
// values (mm when the analysis was calibrated, else px). Main thread only.
#pragma once

#include "workstation/gui/canvas_tool.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

void paintAnalysisOverlay(const ViewportState& viewport, const Photo& photo,
                          const Analysis& analysis, const CanvasView& canvas, DrawContext& ctx);

}  // namespace cicatrix::workstation
