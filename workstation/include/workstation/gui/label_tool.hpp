// The Annotate canvas tool: turns the pointer into annotation intents for the active tool (brush
// and eraser strokes, polygon points, flood fill and superpixel clicks, the GrabCut box) and
// draws the brush outline, the polygon being drawn and the box. Holding Space leaves the button
// to the canvas (pan). Main thread only.
#pragma once

#include <opencv2/core/types.hpp>

#include <vector>

#include "workstation/gui/canvas_tool.hpp"

namespace cicatrix::workstation {

class LabelTool final : public CanvasTool {
  public:
    bool handle(const AppState& state, const Photo& photo, const CanvasPointer& pointer,
                std::vector<Intent>& intents) override;
    void draw(const AppState& state, const Photo& photo, const CanvasView& canvas,
              ImDrawList* drawList) override;
    // The polygon being drawn is dropped (another photo, another tool).
    void reset();

  private:
    bool m_stroking = false;
    render::Vec2 m_last;
    render::Vec2 m_pointer;
    bool m_hovered = false;
    std::vector<cv::Point> m_polygon;
    bool m_boxing = false;
    render::Vec2 m_boxStart;
    AnnotateTool m_tool = AnnotateTool::Brush;
};

}  // namespace cicatrix::workstation
