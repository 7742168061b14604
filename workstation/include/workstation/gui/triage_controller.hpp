// The Triage workspace's controller: loads the ranked inbox (a job), shows an item (its wound is
// selected so the timeline, analyses and trend load; the last reviewed photo is looked up), and
// records decisions in a job with the named user, then moves to the next item; the quarantine
// tab's actions go to its QuarantineController. Main thread only.
#pragma once

#include <functional>
#include <string>

#include "library/library.hpp"
#include "ml/healing_trends.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/quarantine_controller.hpp"
#include "workstation/gui/triage_intents.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class BrowseController;

class TriageController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    // `thresholds`: the alert rules of the settings; the inbox refreshes its wounds' alerts.
    TriageController(Library& library, JobSystem& jobs, AppState& state, BrowseController& browse,
                     Notify notify, ml::AlertThresholds thresholds);

    void apply(const triage_action::Action& action);
    // The workspace became visible: (re)load the inbox.
    void entered();

  private:
    void load(std::optional<std::int64_t> keepPhotoId = std::nullopt);
    [[nodiscard]] std::optional<std::int64_t> keptPhotoId() const;
    void show(std::size_t index);
    void decide(library::TriageDecision decision, std::string note);

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    BrowseController& m_browse;
    Notify m_notify;
    ml::AlertThresholds m_thresholds;
    std::uint64_t m_generation = 0;
    QuarantineController m_quarantine;
};

}  // namespace cicatrix::workstation
