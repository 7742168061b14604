// The wound timeline: thumbnails on a date axis, visit dates and photo sources marked, the
// selected photo highlighted. Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class TimelinePanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    std::int64_t m_scrolledTo = 0;  // photo id last scrolled into view
};

}  // namespace cicatrix::workstation
