// Under the timeline: the wound's area curve (calibrated photos only) and experimental tissue
// shares over time, the healing summary (reduction since baseline, rate per week) and the
// alerts with their explanations. Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class TrendPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;
};

}  // namespace cicatrix::workstation
