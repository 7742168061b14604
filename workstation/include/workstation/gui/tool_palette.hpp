// The Annotate workspace's tools: the tool buttons, whole-mask clean-ups, the class legend (digit
// hotkeys select), brush radius ([ / ]) and layer opacity, the paint options, the AI draft /
// current label switch, and undo/redo. Main thread only.
#pragma once

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class ToolPalette final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;
};

// The tool's name and its key, for the palette, the help and the canvas label.
[[nodiscard]] const char* toolName(AnnotateTool tool);

}  // namespace cicatrix::workstation
