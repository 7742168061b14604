// Sync with the hospital image stores from the GUI: loads the configured servers (with their
// last sync), adds, removes and tests them, and runs "Sync now" over every server as one
// cancellable background job whose progress reaches the status bar; the periodic timer asks for
// the same sync. All network and database work runs on jobs; results are applied on the main
// thread. Main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "library/library.hpp"
#include "workstation/app/server_config.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/browse_controller.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

// What the patient list shows of sync, read with the patients (browse_controller.cpp).
struct PatientSyncView {
    std::map<std::string, std::vector<PatientSyncStatus>> patientStates;  // by external id
    std::map<std::int64_t, std::string> deletedOnServer;                  // photo id → servers
};
// Call inside Library::withReader.
[[nodiscard]] Result<PatientSyncView> readPatientSyncView(SQLite::Database& db);

class SyncController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    // `intervalMinutes`: the periodic sync (0 = off); it runs only while a server is configured.
    SyncController(Library& library, JobSystem& jobs, AppState& state, BrowseController& browse,
                   Notify notify, int intervalMinutes);

    void loadServers();
    void addServer(const ServerForm& form);
    void removeServer(const std::string& name);
    void testConnection(const std::string& name);
    // One sync at a time: asked while one runs, it is ignored with a notice.
    void syncNow(bool periodic);
    void cancelSync();

    // True once per interval when the periodic sync is due (the caller posts SyncNow). `now` in
    // seconds since start.
    [[nodiscard]] bool periodicSyncDue(double now);
    // Called once per drawn frame: counts the frames drawn while the sync job runs.
    void frameDrawn();

  private:
    void finishSync(SyncSummary summary, std::uint64_t generation, bool periodic);

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    BrowseController& m_browse;
    Notify m_notify;
    double m_intervalSeconds;
    double m_lastNow = 0.0;
    std::optional<double> m_nextPeriodicAt;  // set at the first frame, then after each sync
    std::optional<std::uint64_t> m_syncJob;
    std::uint64_t m_syncGeneration = 0;  // a sync cancelled before it ran: its answer is stale
};

}  // namespace cicatrix::workstation
