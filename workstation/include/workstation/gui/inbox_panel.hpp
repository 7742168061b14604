// The triage inbox: one row per photo from home, most urgent first (alert severity, then waiting
// time), with patient, wound, source, how long it has waited and its alerts. Main thread only.
#pragma once

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class InboxPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;
};

}  // namespace cicatrix::workstation
