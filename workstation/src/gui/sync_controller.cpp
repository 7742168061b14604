// Servers and sync as jobs: servers are read on a reader and changed on the writer (Interactive
// lane: short); a connection test and a sync run in the Background lane. Progress from the
// engine is forwarded at most every 100 ms (and at each phase change) so a pull of thousands of
// photos does not flood the main-thread queue.
#include "workstation/gui/sync_controller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>

#include "sync/sync_engine.hpp"
#include "workstation/enrolment/sync_token_admission.hpp"
#include "workstation/gui/sync_view.hpp"

namespace cicatrix::workstation {

namespace {
constexpr auto kProgressEvery = std::chrono::milliseconds(100);
}  // namespace

Result<PatientSyncView> readPatientSyncView(SQLite::Database& db) {
    PatientSyncView view;
    SyncStateRepository states(db);
    for (PatientSyncStatus& s : states.patientStates())
        view.patientStates[s.patientExternalId].push_back(std::move(s));
    const std::vector<std::int64_t> deleted = states.photosDeletedOnServer();
    if (deleted.empty())
        return view;  // the common case: no per-server scan
    const std::set<std::int64_t> wanted(deleted.begin(), deleted.end());
    for (const SyncServer& server : SyncServerRepository(db).list()) {
        for (const ServerInstance& i : states.serverInstances(server.id)) {
            if (!i.photoId || !i.deletedOnServerAt || !wanted.contains(*i.photoId))
                continue;
            std::string& names = view.deletedOnServer[*i.photoId];
            if (names.find(server.name) == std::string::npos)
                names += (names.empty() ? "" : ", ") + server.name;
        }
    }
    for (const std::int64_t id : deleted) view.deletedOnServer.try_emplace(id, "a server");
    return view;
}

SyncController::SyncController(Library& library, JobSystem& jobs, AppState& state,
                               BrowseController& browse, Notify notify, int intervalMinutes)
    : m_library(library),
      m_jobs(jobs),
      m_state(state),
      m_browse(browse),
      m_notify(std::move(notify)),
      m_intervalSeconds(60.0 * std::max(0, intervalMinutes)) {}

void SyncController::loadServers() {
    m_jobs.submit("Load servers", [this](JobContext&) {
        auto rows =
            m_library.withReader([](SQLite::Database& db) -> Result<std::vector<ServerRow>> {
                std::vector<ServerRow> out;
                SyncStateRepository states(db);
                for (SyncServer& s : SyncServerRepository(db).list()) {
                    ServerSyncState state = states.serverState(s.id);
                    out.push_back({std::move(s), std::move(state)});
                }
                return out;
            });
        m_jobs.post([this, rows = std::move(rows)]() mutable {
            if (!rows) {
                m_notify("servers not loaded: " + rows.error().message, true);
                return;
            }
            SyncUiState& sync = m_state.sync;
            sync.servers = std::move(*rows);
            sync.serversLoaded = true;
            std::erase_if(sync.tests, [&](const auto& entry) {
                return std::ranges::none_of(
                    sync.servers, [&](const ServerRow& r) { return r.server.name == entry.first; });
            });
        });
    });
}

void SyncController::addServer(const ServerForm& form) {
    m_state.sync.adding = true;
    m_state.sync.formError.clear();
    m_jobs.submit("Add server", [this, form](JobContext& ctx) {
        ctx.onFailure([this](const std::string& why) {
            m_state.sync.adding = false;
            m_state.sync.formError = why;
        });
        // Checked here, not on the UI thread: the credential file is looked at on disk.
        auto server = serverFromForm(form, kFormFieldNames);
        std::string error;
        if (!server) {
            error = server.error();
        } else if (auto added = m_library.withDatabase(
                       [&](SQLite::Database& db) { return SyncServerRepository(db).add(*server); });
                   !added) {
            error = added.error().message;
        }
        m_jobs.post([this, error, name = form.name] {
            m_state.sync.adding = false;
            m_state.sync.formError = error;
            if (!error.empty())
                return;
            ++m_state.sync.formResetGeneration;
            m_notify(fmt::format("Server {} added", name), false);
            loadServers();
        });
    });
}

void SyncController::removeServer(const std::string& name) {
    if (m_state.sync.running) {
        m_notify("A sync is running: remove the server when it has finished", true);
        return;
    }
    m_jobs.submit("Remove server", [this, name](JobContext&) {
        auto removed = m_library.withDatabase(
            [&](SQLite::Database& db) { return SyncServerRepository(db).remove(name); });
        m_jobs.post([this, name, removed = std::move(removed)] {
            if (!removed) {
                m_notify(fmt::format("Server {} not removed: {}", name, removed.error().message),
                         true);
                return;
            }
            m_state.sync.tests.erase(name);
            m_notify(fmt::format("Server {} removed (photos stay in the library)", name), false);
            loadServers();
            m_browse.refresh();  // its per-patient states are gone
        });
    });
}

void SyncController::testConnection(const std::string& name) {
    m_state.sync.tests[name] = ConnectionTest{};
    m_jobs.submit(
        "Test connection: " + name,
        [this, name](JobContext& ctx) {
            ctx.onFailure([this, name](const std::string& why) {
                m_state.sync.tests[name] = ConnectionTest{false, false, why};
            });
            auto tested = sync::testServerConnection(m_library, name, {}, ctx.stopToken());
            m_jobs.post([this, name, tested = std::move(tested)] {
                m_state.sync.tests[name] = ConnectionTest{
                    false, tested.has_value(), tested ? "Connected" : tested.error().message};
            });
        },
        JobKind::Background);
}

void SyncController::syncNow(bool periodic) {
    SyncUiState& sync = m_state.sync;
    if (sync.running) {
        if (!periodic)
            m_notify("A sync is already running: this request was ignored", false);
        return;
    }
    sync.running = true;
    sync.started = false;
    sync.progressText = "Sync: waiting for other background work";
    sync.progressFraction = -1.0f;
    sync.framesWhileRunning = 0;
    const std::uint64_t generation = ++m_syncGeneration;
    m_syncJob = m_jobs.submit(
        "Sync",
        [this, generation, periodic](JobContext& ctx) {
            ctx.onFailure([this, generation, periodic](const std::string& why) {
                SyncSummary failed;
                failed.failedServers = 1;
                failed.firstError = why;
                finishSync(std::move(failed), generation, periodic);
            });
            m_jobs.post([this, generation] {
                if (generation == m_syncGeneration) {
                    m_state.sync.started = true;
                    m_state.sync.progressText = "Sync: starting";
                }
            });
            auto servers =
                m_library.withReader([](SQLite::Database& db) -> Result<std::vector<SyncServer>> {
                    return SyncServerRepository(db).list();
                });
            SyncSummary summary;
            if (!servers) {
                summary.failedServers = 1;
                summary.firstError = servers.error().message;
            }
            for (const SyncServer& server : servers ? *servers : std::vector<SyncServer>{}) {
                ++summary.servers;
                std::mutex throttle;  // the engine may report from its transfer threads
                auto lastPost = std::chrono::steady_clock::time_point{};
                std::optional<sync::SyncProgress::Phase> lastPhase;
                const auto progress = [&](const sync::SyncProgress& p) {
                    const auto t = std::chrono::steady_clock::now();
                    {
                        std::scoped_lock lock(throttle);
                        if (lastPhase == p.phase && t - lastPost < kProgressEvery &&
                            p.itemsDone != p.itemsTotal) {
                            return;
                        }
                        lastPost = t;
                        lastPhase = p.phase;
                    }
                    const float fraction = syncProgressFraction(p);
                    ctx.setProgress(fraction);
                    m_jobs.post(
                        [this, generation, fraction, text = syncProgressText(server.name, p)] {
                            if (generation != m_syncGeneration || !m_state.sync.running)
                                return;
                            m_state.sync.progressText = text;
                            m_state.sync.progressFraction = fraction;
                        });
                };
                sync::SyncOptions options;
                options.respectOutboxBackoff = periodic;  // "Sync now" retries every item
                // Without a readable site key, photos from home wait on the server (reported).
                if (auto tokens = enableSyncTokenAdmission(options, m_library);
                    !tokens && summary.firstError.empty())
                    summary.firstError = "site key: " + tokens.error().message;
                auto report = sync::syncWithServer(m_library, server.name, options, ctx.stopToken(),
                                                   progress);
                if (!report && report.error().code == sync::SyncErrorCode::Cancelled) {
                    summary.cancelled = true;
                    break;
                }
                if (!report) {
                    ++summary.failedServers;
                    if (summary.firstError.empty())
                        summary.firstError = server.name + ": " + report.error().message;
                    continue;
                }
                summary.pulled += report->pulled;
                summary.pushed += report->pushed;
                summary.markedDeleted += report->markedDeleted;
                summary.quarantined += report->quarantined;
                summary.errors += report->errors.size();
                summary.bytes += report->bytesReceived + report->bytesSent;
                if (summary.firstError.empty() && !report->errors.empty())
                    summary.firstError = server.name + ": " + report->errors.front();
                if (ctx.stopRequested()) {
                    summary.cancelled = true;
                    break;
                }
            }
            m_jobs.post([this, summary, generation, periodic] {
                finishSync(summary, generation, periodic);
            });
        },
        JobKind::Background);
}

void SyncController::cancelSync() {
    SyncUiState& sync = m_state.sync;
    if (!sync.running || !m_syncJob)
        return;
    m_jobs.cancel(*m_syncJob);
    const auto jobs = m_jobs.status();
    const bool present =
        std::ranges::any_of(jobs, [&](const JobStatus& j) { return j.id == *m_syncJob; });
    if (!present && !sync.started) {
        // Dropped from the queue before it ran: no answer will come.
        ++m_syncGeneration;
        SyncSummary cancelled;
        cancelled.cancelled = true;
        finishSync(std::move(cancelled), m_syncGeneration, false);
        return;
    }
    sync.progressText = "Sync: stopping";
}

void SyncController::finishSync(SyncSummary summary, std::uint64_t generation, bool periodic) {
    if (generation != m_syncGeneration)
        return;
    SyncUiState& sync = m_state.sync;
    summary.framesWhileRunning = sync.framesWhileRunning;
    sync.running = false;
    sync.started = false;
    sync.progressText.clear();
    sync.progressFraction = -1.0f;
    ++sync.runs;
    m_syncJob.reset();
    m_nextPeriodicAt = m_lastNow + m_intervalSeconds;
    const bool problems = summary.failedServers > 0 || summary.errors > 0;
    const bool changed = summary.pulled + summary.pushed + summary.markedDeleted > 0;
    if (summary.servers == 0 && summary.failedServers == 0 && !summary.cancelled) {
        if (!periodic)
            m_notify("No server configured: add one under Sync → Servers…", false);
    } else if (!periodic || problems || changed || summary.cancelled) {
        m_notify(syncSummaryText(summary), problems);
    }
    sync.last = std::move(summary);
    loadServers();       // last sync time and result per server
    m_browse.refresh();  // new photos, per-patient states, photos deleted on a server
}

bool SyncController::periodicSyncDue(double now) {
    m_lastNow = now;
    if (m_intervalSeconds <= 0.0)
        return false;
    if (!m_nextPeriodicAt)
        m_nextPeriodicAt = now + m_intervalSeconds;
    if (m_state.sync.running || m_state.sync.servers.empty() || now < *m_nextPeriodicAt)
        return false;
    m_nextPeriodicAt = now + m_intervalSeconds;
    return true;
}

void SyncController::frameDrawn() {
    if (m_state.sync.running && m_state.sync.started)
        ++m_state.sync.framesWhileRunning;
}

}  // namespace cicatrix::workstation
