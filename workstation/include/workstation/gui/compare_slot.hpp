// One slot of the Compare workspace: a header (the visit picked from the timeline, its
// measurements, the change since the reference slot, the alignment and its quality with nudge
// buttons) above the photo canvas, which draws the overlay mode on aligned slots. Main thread.
#pragma once

#include <imgui.h>

#include <cstddef>

#include "workstation/gui/draw_context.hpp"
#include "workstation/gui/photo_canvas.hpp"

namespace cicatrix::workstation {

class CompareSlot {
  public:
    explicit CompareSlot(std::size_t slot) : m_slot(slot) {}
    void draw(const AppState& state, DrawContext& ctx, ImVec2 size);

  private:
    void drawHeader(const AppState& state, DrawContext& ctx, const Photo* photo);
    void drawCanvas(const AppState& state, DrawContext& ctx, const Photo& photo);

    std::size_t m_slot;
    PhotoCanvas m_canvas;
};

}  // namespace cicatrix::workstation
