// The Compare workspace's controller: fills the slots with the selected wound's baseline and
// latest photos (2×2: two visits between), aligns every slot onto slot 0 in a job (markers'
// homographies when both analyses have one, else image features / ECC; ml/photo_registration),
// keeps linked views in step, and applies the toolbar's settings. Main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "library/library.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/compare_intents.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class CompareController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    CompareController(Library& library, JobSystem& jobs, AppState& state, Notify notify);

    void apply(const compare_action::Action& action);
    // Once per frame: when the selected wound's timeline is on screen and the slots belong to
    // another wound (or none), fill them with its visits and align them.
    void update();
    // A compare viewport's view changed (the user zoomed or panned it): with linked views the
    // other slots follow, through the alignment when there is one.
    void viewChanged(std::size_t viewport);

  private:
    void fillDefaultSlots();
    void align(std::size_t slot);
    void alignAll();
    [[nodiscard]] const Photo* photoIn(std::size_t slot) const;

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    Notify m_notify;
};

}  // namespace cicatrix::workstation
