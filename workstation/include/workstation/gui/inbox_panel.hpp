// The triage inbox: one row per photo from home, most urgent first (alert severity, then waiting
// time), with patient, wound, source, how long it has waited and its alerts; and a second tab,
// the quarantine (photos whose token did not hold). Main thread only.
#pragma once

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class InboxPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    void drawInbox(const AppState& state, DrawContext& ctx);
    void drawQuarantine(const AppState& state, DrawContext& ctx);
};

}  // namespace cicatrix::workstation
