// Sidebar: patient search and list, then the selected patient's wounds. Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class PatientPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    char m_search[128] = {};
};

}  // namespace cicatrix::workstation
