// Metadata of the selected photo: capture time and where it came from, source, size, file, hash.
// Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class PhotoInfoPanel {
  public:
    void draw(const AppState& state, DrawContext& ctx);
};

}  // namespace cicatrix::workstation
