// Browsing the library: loads the patient list (search), a patient's wounds and a wound's
// timeline in background jobs and applies the selection; runs imports and shows their report.
// The patient list comes with each patient's sync state (sync_controller.hpp).
// A newer request makes older answers stale (they are dropped). Main thread only.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "library/library.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/analysis_controller.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class BrowseController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    BrowseController(Library& library, JobSystem& jobs, AppState& state,
                     AnalysisController& analysis, Notify notify);

    // Loads the patients; with `selectFirst`, then selects the wound asked for with
    // openWound() or else the first patient.
    void loadPatients(bool selectFirst);
    void openWound(std::int64_t woundId) { m_pendingWoundId = woundId; }
    // The first photo shown opens at 1:1 instead of fit.
    void openAtActualPixels() { m_openAtActualPixels = true; }
    void search(std::string text);
    void selectPatient(std::int64_t id);
    // Selects the patient and then their wound (Triage and Compare show a wound this way).
    void showWound(std::int64_t patientId, std::int64_t woundId);
    void selectWound(std::int64_t id);
    void selectPhoto(std::int64_t id);
    void stepPhoto(int delta);  // ±1 within the timeline; large values clamp to the ends
    void startImport(const ImportForm& form);
    // Reloads what is on screen after the library changed underneath (a sync): the patient list
    // with its sync states, the selected patient's wounds and the selected wound's timeline,
    // keeping the selection, the photo shown and its view.
    void refresh();

  private:
    void loadWounds(std::int64_t patientId, std::optional<std::int64_t> selectWound);
    void reloadWounds(std::int64_t patientId);
    // `keepView`: the photo shown stays with its zoom and pan when it is still there.
    void loadTimeline(std::int64_t woundId, bool keepView = false);

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    AnalysisController& m_analysis;
    Notify m_notify;
    std::uint64_t m_timelineGeneration = 0;
    std::optional<std::int64_t> m_pendingWoundId;
    bool m_openAtActualPixels = false;
};

}  // namespace cicatrix::workstation
