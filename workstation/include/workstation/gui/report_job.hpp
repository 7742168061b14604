// "Evolution report (PDF)" from the GUI: writes the selected wound's report as a background job
// into <library>/reports/ (named by the patient's hospital id, the wound and the time, with the
// photos of the Compare slots when they show that wound) and tells the user where it went.
// Main thread only (the writing runs on a worker).
#pragma once

#include <functional>
#include <string>

#include "library/library.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

void startEvolutionReport(Library& library, JobSystem& jobs, const AppState& state,
                          std::function<void(std::string, bool)> notify);

}  // namespace cicatrix::workstation
