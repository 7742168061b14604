// Jobs for model loading, analysis runs, wound trends, alerts and overlay textures.
#include "workstation/gui/analysis_controller.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "annotate/label_classes.hpp"
#include "ml/tissue_composition.hpp"
#include "ml/wound_measurement.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/analysis/tissue_reference.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/analysis/wound_trends.hpp"
#include "library/photo_decoder.hpp"
#include "workstation/error.hpp"
#include "library/analysis_repository.hpp"
#include "library/photo_repository.hpp"

namespace cicatrix::workstation {

namespace {
constexpr int kOverlayLongSide = 2048;  // overlays are smooth: no need for full resolution

struct OverlayPixels {
    cv::Mat tissue, wound, outline;  // BGRA
    render::Vec2 lengthA, lengthB, widthA, widthB;
};

Result<OverlayPixels> makeOverlay(const Library& library, const Photo& photo, const Analysis& analysis) {
    auto mask = loadStoredMask(library, analysis.maskSha256);
    if (!mask) return std::unexpected(mask.error());
    auto pixels = loadStoredPhoto(library, photo);
    if (!pixels) return std::unexpected(pixels.error());
    const ml::WoundGeometry g = ml::measureWound(*mask, std::nullopt);
    const cv::Mat small = fitLongSide(*pixels, kOverlayLongSide);
    cv::Mat smallMask;
    cv::resize(*mask, smallMask, small.size(), 0, 0, cv::INTER_NEAREST);
    const cv::Mat labels = ml::classifyTissue(small, smallMask, ml::defaultTissueModel());
    OverlayPixels out;
    out.tissue = cv::Mat(small.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    for (const auto& c : annotate::tissueClasses()) {
        if (c.id == 0) continue;
        out.tissue.setTo(cv::Scalar(c.rgb[2], c.rgb[1], c.rgb[0], 255), labels == c.id);
    }
    out.wound = cv::Mat(small.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    out.wound.setTo(cv::Scalar(60, 220, 255, 255), smallMask);  // amber
    out.outline = cv::Mat(small.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(smallMask.clone(), contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    const int thickness = std::max(2, std::max(small.cols, small.rows) / 350);
    cv::drawContours(out.outline, contours, -1, cv::Scalar(60, 220, 255, 255), thickness, cv::LINE_AA);
    out.lengthA = {g.lengthA.x, g.lengthA.y};
    out.lengthB = {g.lengthB.x, g.lengthB.y};
    out.widthA = {g.widthA.x, g.widthA.y};
    out.widthB = {g.widthB.x, g.widthB.y};
    return out;
}

std::string key(const char* kind, std::int64_t analysisId) { return fmt::format("{}:{}", kind, analysisId); }
}  // namespace

AnalysisController::AnalysisController(Library& library, JobSystem& jobs, render::TextureCache& textures,
                                       AppState& state, Notify notify, AnalysisSettings settings)
    : m_library(library),
      m_jobs(jobs),
      m_textures(textures),
      m_state(state),
      m_notify(std::move(notify)),
      m_settings(std::move(settings)) {}

void AnalysisController::loadModel() {
    m_state.model = ModelStatus{};
    const auto dir = m_settings.modelDir;
    m_jobs.submit("Load model", [this, dir](JobContext&) {
        auto model = ml::SegmentationModel::load(dir);
        std::optional<std::array<double, 4>> tissueError;
        if (const auto demo = assetsDir()) {
            if (const auto e = measuredTissueError(*demo / "demo")) tissueError = e->meanAbsErrorPoints;
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
        });
    });
}

void AnalysisController::refreshWound(std::int64_t woundId) {
    const std::uint64_t generation = ++m_woundGeneration;
    const auto thresholds = m_settings.thresholds;
    m_jobs.submit("Load analyses", [this, woundId, generation, thresholds](JobContext&) {
        auto rows = m_library.withDatabase([&](SQLite::Database& db) -> Result<std::vector<PlacedAnalysis>> {
            return AnalysisRepository(db).latestForWound(woundId);
        });
        m_jobs.post([this, woundId, generation, thresholds, rows = std::move(rows)] {
            if (generation != m_woundGeneration || m_state.selectedWoundId != woundId) return;
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
    m_jobs.submit("Check alerts", [this, thresholds](JobContext&) {
        auto rows = m_library.withDatabase([&](SQLite::Database& db) -> Result<std::vector<PlacedAnalysis>> {
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
            if (trend.alerts.empty()) continue;
            wounds[wound] = static_cast<int>(trend.alerts.size());
            patients[patientOfWound[wound]] += static_cast<int>(trend.alerts.size());
            for (const auto& a : trend.alerts) text[patientOfWound[wound]] += a.title + "\n";
        }
        m_jobs.post([this, wounds, patients, text] {
            m_state.woundAlerts = wounds;
            m_state.patientAlerts = patients;
            m_state.patientAlertText = text;
        });
    });
}

void AnalysisController::analysePhotos(std::vector<Photo> photos, std::string label) {
    runAnalysis([photos = std::move(photos)](Library&) -> Result<std::vector<Photo>> { return photos; }, std::move(label));
}

void AnalysisController::runAnalysis(PhotoSelection select, std::string label) {
    if (!m_model) {
        m_notify(m_state.model.loading ? "The AI model is still loading" : "No AI model: " + m_state.model.error, true);
        return;
    }
    m_state.analysing = true;
    const double markerMm = m_settings.markerMm;
    m_jobs.submit("Analyse: " + label, [this, select = std::move(select), model = m_model, markerMm](JobContext& ctx) {
        int done = 0, failed = 0;
        std::string lastError;
        auto photos = select(m_library);  // database work stays on the worker
        if (!photos) {
            ++failed;
            lastError = photos.error().message;
            photos = std::vector<Photo>{};
        }
        for (const Photo& photo : *photos) {
            if (ctx.stopRequested()) break;
            auto result = analyseLibraryPhoto(m_library, photo, model.get(), markerMm);
            if (!result) {
                ++failed;
                lastError = photo.originalName + ": " + result.error().message;
            }
            ++done;
            ctx.setProgress(static_cast<float>(done) / static_cast<float>(photos->size()));
        }
        m_jobs.post([this, done, failed, lastError] {
            m_state.analysing = false;
            const int measured = done - std::min(done, failed);
            m_notify(fmt::format("Analysis: {} photo{} measured{}", measured, measured == 1 ? "" : "s",
                                 failed > 0 ? fmt::format(", {} failed ({})", failed, lastError) : ""),
                     failed > 0);
            if (m_state.selectedWoundId) refreshWound(*m_state.selectedWoundId);
            refreshAlerts();
        });
    });
}

void AnalysisController::analyseWound(std::int64_t woundId) {
    runAnalysis(
        [woundId](Library& library) {
            return library.withDatabase(
                [&](SQLite::Database& db) -> Result<std::vector<Photo>> { return PhotoRepository(db).timeline(woundId); });
        },
        "wound");
}

void AnalysisController::analyseLibrary() {
    runAnalysis(
        [](Library& library) {
            return library.withDatabase([](SQLite::Database& db) -> Result<std::vector<Photo>> {
                std::vector<std::int64_t> ids;
                SQLite::Statement q(db, "SELECT id FROM photos ORDER BY wound_id, captured_at");
                while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
                std::vector<Photo> all;
                PhotoRepository repo(db);
                for (auto id : ids) all.push_back(*repo.findById(id));
                return all;
            });
        },
        "library");
}

void AnalysisController::saveCalibration(const CalibrationDraft& draft, double lengthMm) {
    const auto photo = std::ranges::find(m_state.timeline, draft.photoId, &Photo::id);
    if (photo == m_state.timeline.end()) return;
    if (auto valid = ml::manualCalibration({draft.a.x, draft.a.y}, {draft.b.x, draft.b.y}, lengthMm); !valid) {
        m_notify(valid.error().message, true);
        return;
    }
    const ManualCalibration calibration{0, draft.photoId, draft.a.x, draft.a.y, draft.b.x, draft.b.y, lengthMm};
    // The calibration row is written by the analysis job, just before it measures the photo.
    runAnalysis(
        [calibration, photo = *photo](Library& library) -> Result<std::vector<Photo>> {
            auto saved = library.withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
                SQLite::Transaction tx(db);
                const auto id = AnalysisRepository(db).insertCalibration(calibration);
                appendAudit(db, "local-user", "calibration.create", "photo", calibration.photoId,
                            fmt::format("ruler line {:.0f} px = {:.1f} mm",
                                        std::hypot(calibration.x2 - calibration.x1, calibration.y2 - calibration.y1),
                                        calibration.lengthMm));
                tx.commit();
                return id;
            });
            if (!saved) return std::unexpected(saved.error());
            return std::vector<Photo>{photo};
        },
        photo->originalName);
}

std::optional<OverlayView> AnalysisController::overlay(const Photo& photo, const Analysis& analysis) {
    const auto geometry = m_overlayGeometry.find(analysis.id);
    if (geometry != m_overlayGeometry.end()) {
        OverlayView view;
        view.tissueFill = m_textures.find(key("overlay-tissue", analysis.id));
        view.woundFill = m_textures.find(key("overlay-wound", analysis.id));
        view.outline = m_textures.find(key("overlay-outline", analysis.id));
        if (view.tissueFill && view.woundFill && view.outline) {
            view.lengthA = geometry->second.lengthA;
            view.lengthB = geometry->second.lengthB;
            view.widthA = geometry->second.widthA;
            view.widthB = geometry->second.widthB;
            return view;
        }
        m_overlayGeometry.erase(geometry);  // evicted: make it again
    }
    if (m_overlayPending.contains(analysis.id) || m_overlayFailed.contains(analysis.id)) return std::nullopt;
    m_overlayPending.insert(analysis.id);
    m_jobs.submit("Overlay: " + photo.originalName, [this, photo, analysis](JobContext&) {
        auto pixels = makeOverlay(m_library, photo, analysis);
        m_jobs.post([this, id = analysis.id, pixels = std::move(pixels)] {
            m_overlayPending.erase(id);
            if (!pixels) {
                m_overlayFailed.insert(id);
                m_notify("overlay: " + pixels.error().message, true);
                return;
            }
            m_textures.insert(key("overlay-tissue", id), pixels->tissue);
            m_textures.insert(key("overlay-wound", id), pixels->wound);
            m_textures.insert(key("overlay-outline", id), pixels->outline);
            m_overlayGeometry[id] = {pixels->lengthA, pixels->lengthB, pixels->widthA, pixels->widthB};
        });
    }, JobPriority::High);
    return std::nullopt;
}

}  // namespace cicatrix::workstation
