// Bottom bar: running jobs with progress, the library, GPU texture memory, latest notice.
// Main thread only.
#pragma once

#include <vector>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

struct StatusInfo {
    std::vector<JobStatus> jobs;
    std::size_t textureBytes = 0;
    std::size_t textureBudget = 0;
};

class StatusBar {
  public:
    void draw(const AppState& state, const StatusInfo& info, DrawContext& ctx);
};

}  // namespace cicatrix::workstation
