// Bottom bar: the running sync's progress, running jobs with progress, the library, GPU texture
// memory, latest notice.
// Main thread only.
#pragma once

#include <vector>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class StatusBar final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;
};

}  // namespace cicatrix::workstation
