// Jobs for model loading, analysis runs, wound trends and alerts.
#include "workstation/gui/analysis_controller.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "annotate/label_classes.hpp"
#include "library/analysis_repository.hpp"
#include "library/photo_decoder.hpp"
#include "library/photo_repository.hpp"
#include "ml/tissue_composition.hpp"
#include "ml/wound_measurement.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/analysis/tissue_reference.hpp"
#include "workstation/analysis/wound_alerts.hpp"
#include "workstation/analysis/wound_trends.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

AnalysisController::AnalysisController(Library& library, JobSystem& jobs, AppState& state,
                                       Notify notify, AnalysisSettings settings)
    : m_library(library),
      m_jobs(jobs),
      m_state(state),
      m_notify(std::move(notify)),
      m_settings(std::move(settings)) {}

void AnalysisController::loadModel() {
    m_state.model = ModelStatus{};
    const auto dir = m_settings.modelDir;
    m_jobs.submit(
        "Load model",
        [this, dir](JobContext& loading) {
            loading.onFailure([this](const std::string& why) {
                m_state.model.loading = false;
                m_state.model.error = why;
            });
            auto model = ml::SegmentationModel::load(dir);
            std::optional<std::array<double, 4>> tissueError;
            if (const auto demo = assetsDir()) {
                if (const auto e = measuredTissueError(*demo / "demo"))
                    tissueError = e->meanAbsErrorPoints;
            }
            std::shared_ptr<const ml::SegmentationModel> shared;
            std::string error;
            if (model) {
                shared = std::move(*model);
            } else {
                error = model.error().message;
            }
            m_jobs.post([this, shared, error, tissueError] {
                m_state.model.loading = false;
                m_state.model.tissueErrorPoints = tissueError;
                if (!shared) {
                    m_state.model.error = error;
                    m_notify("AI model not available: " + error, true);
                    return;
                }
                m_model = shared;
                m_state.model.label = shared->card().label();
                m_state.model.validationDice = shared->card().validationDice;
                // The tissue error inside the model's own outlines needs the model on the 13
                // reference photos: a background job once per model version (cached under
                // dataDir()/cache).
                if (const auto assets = assetsDir()) {
                    m_jobs.submit(
                        "Measure tissue error (model outline)",
                        [this, shared, demo = *assets / "demo"](JobContext& ctx) {
                            const auto e = measuredTissueErrorInModelOutline(
                                demo, *shared, dataDir() / "cache", ctx.stopToken(),
                                [&ctx](float p) { ctx.setProgress(p); });
                            if (!e)
                                return;
                            m_jobs.post([this, shared, points = e->meanAbsErrorPoints] {
                                if (m_model == shared)
                                    m_state.model.modelOutlineTissueErrorPoints = points;
                            });
                        },
                        JobKind::Background);
                }
            });
        },
        JobKind::Background);
}

void AnalysisController::refreshWound(std::int64_t woundId) {
    const std::uint64_t generation = ++m_woundGeneration;
    const auto thresholds = m_settings.thresholds;
    m_jobs.submit("Load analyses", [this, woundId, generation, thresholds](JobContext&) {
        auto rows =
            m_library.withReader([&](SQLite::Database& db) -> Result<std::vector<PlacedAnalysis>> {
                return AnalysisRepository(db).latestForWound(woundId);
            });
        m_jobs.post([this, woundId, generation, thresholds, rows = std::move(rows)] {
            if (generation != m_woundGeneration || m_state.selectedWoundId != woundId)
                return;
            if (!rows) {
                m_notify(rows.error().message, true);
                return;
            }
            m_state.analyses.clear();
            for (const auto& r : *rows) m_state.analyses[r.analysis.photoId] = r.analysis;
            m_state.trend = woundTrend(*rows, thresholds);
        });
    });
}

void AnalysisController::refreshAlerts() {
    const auto thresholds = m_settings.thresholds;
    const std::uint64_t generation = ++m_alertsGeneration;
    m_jobs.submit("Check alerts", [this, thresholds, generation](JobContext&) {
        auto rows =
            m_library.withReader([&](SQLite::Database& db) -> Result<std::vector<PlacedAnalysis>> {
                return AnalysisRepository(db).latestForAllWounds();
            });
        if (!rows) {
            m_jobs.post([this, e = rows.error().message] { m_notify(e, true); });
            return;
        }
        std::map<std::int64_t, std::int64_t> patientOfWound;
        for (const auto& r : *rows) patientOfWound[r.woundId] = r.patientId;
        const auto trends = trendsByWound(*rows, thresholds);
        std::map<std::int64_t, int> wounds, patients;
        std::map<std::int64_t, std::string> text;
        for (const auto& [wound, trend] : trends) {
            if (trend.alerts.empty())
                continue;
            wounds[wound] = static_cast<int>(trend.alerts.size());
            patients[patientOfWound[wound]] += static_cast<int>(trend.alerts.size());
            for (const auto& a : trend.alerts) text[patientOfWound[wound]] += a.title + "\n";
        }
        m_jobs.post([this, wounds, patients, text, generation] {
            if (generation != m_alertsGeneration)
                return;  // a newer check is in flight
            m_state.woundAlerts = wounds;
            m_state.patientAlerts = patients;
            m_state.patientAlertText = text;
        });
    });
}

void AnalysisController::analysePhotos(std::vector<Photo> photos, std::string label) {
    runAnalysis(
        [photos = std::move(photos)](Library&) -> Result<std::vector<Photo>> { return photos; },
        std::move(label));
}

void AnalysisController::runAnalysis(PhotoSelection select, std::string label) {
    if (!m_model) {
        m_notify(m_state.model.loading ? "The AI model is still loading"
                                       : "No AI model: " + m_state.model.error,
                 true);
        return;
    }
    m_state.analysing = true;
    const double markerMm = m_settings.markerMm;
    const auto thresholds = m_settings.thresholds;
    m_jobs.submit(
        "Analyse: " + label,
        [this, select = std::move(select), model = m_model, markerMm, thresholds](JobContext& ctx) {
            ctx.onFailure([this](const std::string&) { m_state.analysing = false; });
            auto photos = select(m_library);  // database work stays on the worker
            AnalysisBatch batch;
            if (photos) {
                // Checks the job's stop token before each photo: cancelling ends the job mid-run.
                batch =
                    analyseLibraryPhotos(m_library, *photos, model.get(), markerMm, ctx.stopToken(),
                                         [&ctx](float fraction) { ctx.setProgress(fraction); });
                // Store the alerts of the wounds measured, for the triage inbox.
                std::set<std::int64_t> wounds;
                for (const Photo& photo : *photos) wounds.insert(photo.woundId);
                for (const std::int64_t wound : wounds) {
                    if (auto stored = refreshWoundAlerts(m_library, wound, thresholds); !stored)
                        m_jobs.post(
                            [this, e = "Alerts: " + stored.error().message] { m_notify(e, true); });
                }
            } else {
                batch.failed = 1;
                batch.lastError = photos.error().message;
            }
            m_jobs.post([this, done = batch.attempted, failed = batch.failed,
                         lastError = batch.lastError] {
                m_state.analysing = false;
                const int measured = done - std::min(done, failed);
                m_notify(fmt::format(
                             "Analysis: {} photo{} measured{}", measured, measured == 1 ? "" : "s",
                             failed > 0 ? fmt::format(", {} failed ({})", failed, lastError) : ""),
                         failed > 0);
                if (m_state.selectedWoundId)
                    refreshWound(*m_state.selectedWoundId);
                refreshAlerts();
            });
        },
        JobKind::Background);
}

void AnalysisController::analyseWound(std::int64_t woundId) {
    runAnalysis(
        [woundId](Library& library) {
            return library.withReader([&](SQLite::Database& db) -> Result<std::vector<Photo>> {
                return PhotoRepository(db).timeline(woundId);
            });
        },
        "wound");
}

void AnalysisController::analyseLibrary() {
    runAnalysis(
        [](Library& library) {
            return library.withReader([](SQLite::Database& db) -> Result<std::vector<Photo>> {
                return PhotoRepository(db).listAll();
            });
        },
        "library");
}

void AnalysisController::saveCalibration(const CalibrationDraft& draft, double lengthMm) {
    const auto photo = std::ranges::find(m_state.timeline, draft.photoId, &Photo::id);
    if (photo == m_state.timeline.end())
        return;
    if (auto valid =
            ml::manualCalibration({draft.a.x, draft.a.y}, {draft.b.x, draft.b.y}, lengthMm);
        !valid) {
        m_notify(valid.error().message, true);
        return;
    }
    const ManualCalibration calibration{0,         draft.photoId, draft.a.x, draft.a.y,
                                        draft.b.x, draft.b.y,     lengthMm};
    // The calibration row is written by the analysis job, just before it measures the photo.
    runAnalysis(
        [calibration, photo = *photo](Library& library) -> Result<std::vector<Photo>> {
            auto saved = library.withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
                SQLite::Transaction tx(db);
                const auto id = AnalysisRepository(db).insertCalibration(calibration);
                appendAudit(db, kLocalActor, "calibration.create", "photo", calibration.photoId,
                            fmt::format("ruler line {:.0f} px = {:.1f} mm",
                                        std::hypot(calibration.x2 - calibration.x1,
                                                   calibration.y2 - calibration.y1),
                                        calibration.lengthMm));
                tx.commit();
                return id;
            });
            if (!saved)
                return std::unexpected(saved.error());
            return std::vector<Photo>{photo};
        },
        photo->originalName);
}

}  // namespace cicatrix::workstation
