// The Triage workspace's quarantine tab: loads the open quarantined photos (a job), shows one in
// the home viewport, and files it into a wound or discards it in a job with the named user
// (workstation/enrolment/token_import), then reloads. Main thread only.
#pragma once

#include <functional>
#include <string>

#include "library/library.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/triage_intents.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class QuarantineController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    // `resolved`: called after an item was filed or discarded (the inbox reloads).
    QuarantineController(Library& library, JobSystem& jobs, AppState& state, Notify notify,
                         std::function<void()> resolved);

    void load();
    void select(std::size_t index);
    void file(const triage_action::FileQuarantined& request);
    void discard(std::int64_t itemId);

  private:
    // Runs `resolve` (file or discard) as a job with the named user, then reloads.
    void resolve(std::string jobName, std::function<Result<std::string>(const std::string&)> run);

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    Notify m_notify;
    std::function<void()> m_resolved;
    std::uint64_t m_generation = 0;
};

// A quarantined photo as the viewers draw it: its bytes in the store, a negative id (-item id)
// that no photo of the library has.
[[nodiscard]] library::Photo quarantinedPhoto(const library::QuarantineItem& item);

}  // namespace cicatrix::workstation
