// Patient → wound → timeline loading chain and imports, each a background job whose result is
// applied on the main thread if it is still wanted.
#include "workstation/gui/browse_controller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "library/patient_repository.hpp"
#include "library/photo_importer.hpp"
#include "library/photo_repository.hpp"
#include "library/wound_repository.hpp"
#include "workstation/gui/sync_controller.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

BrowseController::BrowseController(Library& library, JobSystem& jobs, AppState& state,
                                   AnalysisController& analysis, Notify notify)
    : m_library(library),
      m_jobs(jobs),
      m_state(state),
      m_analysis(analysis),
      m_notify(std::move(notify)) {}

void BrowseController::loadPatients(bool selectFirst) {
    const std::string search = m_state.patientSearch;
    const std::optional<std::int64_t> pendingWound = selectFirst ? m_pendingWoundId : std::nullopt;
    m_jobs.submit(
        "Load patients",
        [this, search, selectFirst, pendingWound](JobContext&) {
            auto patients = m_library.withReader(
                [&](SQLite::Database& db) -> Result<std::vector<PatientSummary>> {
                    return PatientRepository(db).list(search);
                });
            // Sync states ride along with the patients (a separate read: a library whose sync
            // tables cannot be read still lists its patients).
            auto syncView = m_library.withReader(readPatientSyncView);
            std::optional<std::int64_t> patientOfWound;
            if (pendingWound) {
                auto wound =
                    m_library.withReader([&](SQLite::Database& db) -> Result<std::optional<Wound>> {
                        return WoundRepository(db).findById(*pendingWound);
                    });
                if (wound && *wound)
                    patientOfWound = (*wound)->patientId;
            }
            m_jobs.post([this, patients = std::move(patients), selectFirst, patientOfWound, search,
                         syncView = std::move(syncView)]() mutable {
                if (search != m_state.patientSearch || !patients) {
                    // Dropped (a newer search is in flight) or failed: a wound asked for with this
                    // answer must not be opened later under another patient.
                    if (selectFirst)
                        m_pendingWoundId.reset();
                    if (!patients)
                        m_notify(patients.error().message, true);
                    return;
                }
                m_state.patients = std::move(*patients);
                if (syncView) {
                    m_state.sync.patientStates = std::move(syncView->patientStates);
                    m_state.sync.deletedOnServer = std::move(syncView->deletedOnServer);
                }
                if (!selectFirst)
                    return;
                // Alerts change with analyses (which refresh them), not with a search.
                m_analysis.refreshAlerts();
                if (m_pendingWoundId && !patientOfWound) {
                    m_notify(
                        fmt::format("wound {} does not exist in this library", *m_pendingWoundId),
                        true);
                    m_pendingWoundId.reset();
                }
                const auto target = patientOfWound ? patientOfWound
                                    : m_state.patients.empty()
                                        ? std::nullopt
                                        : std::optional(m_state.patients.front().patient.id);
                if (target)
                    selectPatient(*target);
            });
        },
        JobKind::Interactive);
}

void BrowseController::search(std::string text) {
    m_state.patientSearch = std::move(text);
    loadPatients(false);
}

void BrowseController::selectPatient(std::int64_t id) {
    if (m_state.selectedPatientId == id && !m_pendingWoundId)
        return;
    m_state.selectedPatientId = id;
    m_state.wounds.clear();
    m_state.selectedWoundId.reset();
    m_state.timeline.clear();
    m_state.viewport().photoId.reset();
    loadWounds(id, std::exchange(m_pendingWoundId, std::nullopt));
}

void BrowseController::showWound(std::int64_t patientId, std::int64_t woundId) {
    if (m_state.selectedPatientId == patientId && !m_state.wounds.empty()) {
        if (m_state.selectedWoundId != woundId)
            selectWound(woundId);
        return;
    }
    m_pendingWoundId = woundId;
    selectPatient(patientId);
}

void BrowseController::loadWounds(std::int64_t patientId, std::optional<std::int64_t> selectWound) {
    m_jobs.submit(
        "Load wounds",
        [this, patientId, selectWound](JobContext&) {
            auto wounds = m_library.withReader(
                [&](SQLite::Database& db) -> Result<std::vector<WoundSummary>> {
                    return WoundRepository(db).listForPatient(patientId);
                });
            m_jobs.post([this, patientId, selectWound, wounds = std::move(wounds)]() mutable {
                if (m_state.selectedPatientId != patientId)
                    return;
                if (!wounds) {
                    m_notify(wounds.error().message, true);
                    return;
                }
                m_state.wounds = std::move(*wounds);
                // Only one of this patient's wounds may be opened.
                std::optional<std::int64_t> target;
                if (selectWound && std::ranges::any_of(m_state.wounds, [&](const WoundSummary& w) {
                        return w.wound.id == *selectWound;
                    })) {
                    target = selectWound;
                } else if (!m_state.wounds.empty()) {
                    target = m_state.wounds.front().wound.id;
                }
                if (target)
                    this->selectWound(*target);
            });
        },
        JobKind::Interactive);
}

void BrowseController::refresh() {
    loadPatients(/*selectFirst=*/!m_state.selectedPatientId.has_value());
    if (m_state.selectedPatientId)
        reloadWounds(*m_state.selectedPatientId);
    if (m_state.selectedWoundId)
        loadTimeline(*m_state.selectedWoundId, /*keepView=*/true);
}

void BrowseController::reloadWounds(std::int64_t patientId) {
    m_jobs.submit("Load wounds", [this, patientId](JobContext&) {
        auto wounds =
            m_library.withReader([&](SQLite::Database& db) -> Result<std::vector<WoundSummary>> {
                return WoundRepository(db).listForPatient(patientId);
            });
        m_jobs.post([this, patientId, wounds = std::move(wounds)]() mutable {
            if (m_state.selectedPatientId == patientId && wounds)
                m_state.wounds = std::move(*wounds);
        });
    });
}

void BrowseController::selectWound(std::int64_t id) {
    m_state.selectedWoundId = id;
    m_state.timeline.clear();
    m_state.visits.clear();
    m_state.analyses.clear();
    m_state.trend = {};
    m_state.viewport().photoId.reset();
    loadTimeline(id);
}

void BrowseController::loadTimeline(std::int64_t woundId, bool keepView) {
    const std::uint64_t generation = ++m_timelineGeneration;
    m_state.timelineLoading = true;
    m_jobs.submit(
        "Load timeline",
        [this, woundId, generation, keepView](JobContext& ctx) {
            ctx.onFailure([this, generation](const std::string&) {
                if (generation == m_timelineGeneration)
                    m_state.timelineLoading = false;
            });
            struct Loaded {
                std::vector<Photo> photos;
                std::vector<Visit> visits;
            };
            auto loaded = m_library.withReader([&](SQLite::Database& db) -> Result<Loaded> {
                PhotoRepository repo(db);
                return Loaded{repo.timeline(woundId), repo.visitsForWound(woundId)};
            });
            m_jobs.post(
                [this, woundId, generation, keepView, loaded = std::move(loaded)]() mutable {
                    if (generation != m_timelineGeneration)
                        return;
                    m_state.timelineLoading = false;
                    if (!loaded) {
                        m_notify(loaded.error().message, true);
                        return;
                    }
                    ViewportState& viewport = m_state.viewport();
                    const std::optional<std::int64_t> keep = viewport.photoId;
                    m_state.timeline = std::move(loaded->photos);
                    m_state.visits = std::move(loaded->visits);
                    viewport.photoId.reset();
                    if (keep && m_state.findPhoto(*keep) != nullptr) {
                        viewport.photoId = keep;
                        if (keepView) {
                            m_analysis.refreshWound(woundId);
                            return;
                        }
                    } else if (!m_state.timeline.empty()) {
                        viewport.photoId = m_state.timeline.back().id;  // the latest photo
                    }
                    viewport.view.fitMode = true;
                    if (const Photo* shown = m_state.selectedPhoto();
                        shown && std::exchange(m_openAtActualPixels, false)) {
                        viewport.view = render::actualPixels({static_cast<double>(shown->width),
                                                              static_cast<double>(shown->height)});
                    }
                    m_analysis.refreshWound(woundId);
                });
        },
        JobKind::Interactive);
}

void BrowseController::selectPhoto(std::int64_t id) {
    ViewportState& viewport = m_state.viewport();
    viewport.photoId = id;
    viewport.view.fitMode = true;
}

void BrowseController::stepPhoto(int delta) {
    if (m_state.timeline.empty())
        return;
    const int current = m_state.selectedPhotoIndex();
    const int index = std::clamp(current < 0 ? 0 : current + delta, 0,
                                 static_cast<int>(m_state.timeline.size()) - 1);
    selectPhoto(m_state.timeline[static_cast<std::size_t>(index)].id);
}

void BrowseController::startImport(const ImportForm& form) {
    ImportTarget target;
    target.patientExternalId = form.patientExternalId;
    target.patientDisplayName = form.patientName;
    target.woundLabel = form.woundLabel;
    target.woundDetails.anatomicalSite = form.site;
    target.woundDetails.laterality =
        std::string(woundLateralities()[static_cast<std::size_t>(form.lateralityIndex)]);
    target.woundDetails.etiology =
        std::string(woundEtiologies()[static_cast<std::size_t>(form.etiologyIndex)]);
    target.source = photoSources()[static_cast<std::size_t>(form.sourceIndex)];
    std::vector<fs::path> paths;
    std::stringstream lines(form.paths);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty())
            paths.emplace_back(line);
    }
    m_state.import.running = true;
    m_state.import.lastReport.clear();
    m_jobs.submit(
        "Import",
        [this, target, paths](JobContext& ctx) {
            ctx.onFailure([this](const std::string& why) {
                m_state.import.running = false;
                m_state.import.lastReport.push_back("import stopped: " + why);
            });
            PhotoImporter importer(m_library);
            auto reports = importer.importPaths(
                paths, target,
                [&](std::size_t done, std::size_t total) {
                    ctx.setProgress(static_cast<float>(done) / total);
                },
                ctx.stopToken());
            m_jobs.post([this, reports = std::move(reports)] {
                ImportState& state = m_state.import;
                state.running = false;
                int imported = 0, rejected = 0;
                std::optional<std::int64_t> woundId;
                for (const ImportReport& r : reports) {
                    state.lastReport.push_back(fmt::format("{} {}: {}", toString(r.outcome),
                                                           r.file.filename().string(), r.message));
                    imported += r.outcome == ImportOutcome::Imported;
                    rejected += r.outcome == ImportOutcome::Rejected;
                    if (r.photo && r.outcome == ImportOutcome::Imported)
                        woundId = r.photo->woundId;
                }
                if (reports.empty())
                    state.lastReport.push_back("rejected: no JPEG or PNG file found");
                m_notify(fmt::format("Import: {} imported, {} rejected", imported, rejected),
                         rejected > 0);
                if (woundId)
                    m_pendingWoundId = woundId;
                loadPatients(/*selectFirst=*/woundId.has_value());
            });
        },
        JobKind::Background);
}

}  // namespace cicatrix::workstation
