// Pipeline glue between the ml capabilities and the workstation's records.
#include "workstation/analysis/photo_analysis.hpp"

#include <future>
#include <tuple>

#include <nlohmann/json.hpp>

#include <cmath>

#include "annotate/label_classes.hpp"

namespace cicatrix::workstation {

Result<PhotoAnalysis> analysePhoto(const cv::Mat& bgr, const ml::SegmentationModel* model,
                                   const AnalysisOptions& options) {
    if (bgr.empty()) {
        return fail(ErrorCode::InvalidInput, "empty photo");
    }
    PhotoAnalysis out;
    // The marker search does not need the outline: it runs beside the segmentation (whose
    // letterboxing, full-resolution mask and post-processing leave a core free).
    std::future<ml::MlResult<ml::PlaneCalibration>> marker;
    if (options.calibration) {
        out.calibration = options.calibration;
    } else {
        marker = std::async(std::launch::async, [&bgr, mm = options.markerMm] {
            return ml::detectArucoCalibration(bgr, {mm, std::nullopt});
        });
    }
    if (!options.mask.empty()) {
        if (options.mask.size() != bgr.size() || options.mask.type() != CV_8U) {
            return fail(ErrorCode::InvalidInput,
                        "the mask must be an 8-bit single-channel image of the photo's size (" +
                            std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows) + "), got " +
                            std::to_string(options.mask.cols) + "×" +
                            std::to_string(options.mask.rows));
        }
        out.mask = options.mask > 127;
        out.maskSource = "manual";
    } else {
        if (model == nullptr) {
            return fail(ErrorCode::InvalidInput, "no model loaded and no mask given");
        }
        auto seg = model->segment(bgr);
        if (!seg) {
            return fail(ErrorCode::InvalidInput, seg.error().message);
        }
        out.mask = seg->mask;
        out.maskSource = "model";
        out.modelName = model->card().name;
        out.modelVersion = model->card().version;
        out.modelPipeline = ml::kSegmentationPipeline;
        out.meanUncertainty = seg->meanUncertainty;
    }
    if (marker.valid()) {
        auto found = marker.get();
        if (found) {
            out.calibration = *found;
        } else {
            out.calibrationNote = found.error().message + "; areas are in pixels only";
        }
    }
    // The periwound ring and the tissue classes read the same outline, each on its own core.
    auto periwound = std::async(
        std::launch::async, [&bgr, &mask = out.mask] { return ml::periwoundRedness(bgr, mask); });
    out.geometry = ml::measureWound(out.mask, out.calibration);
    if (out.calibration && !out.calibration->markers.empty()) {
        out.uncertainty = ml::measurementUncertainty(out.mask, out.geometry, *out.calibration);
        out.quality = ml::assessCalibration(*out.calibration, out.uncertainty);
    }
    out.tissueLabels = ml::classifyTissue(bgr, out.mask, ml::defaultTissueModel());
    out.tissue = ml::tissueComposition(out.tissueLabels);
    out.periwoundRedness = periwound.get();
    return out;
}

nlohmann::json analysisJson(const PhotoAnalysis& a) {
    using nlohmann::json;
    json j;
    j["area_px"] = a.geometry.areaPx;
    j["perimeter_px"] = a.geometry.perimeterPx;
    j["length_px"] = a.geometry.lengthPx;
    j["width_px"] = a.geometry.widthPx;
    j["regions"] = a.geometry.regions;
    j["calibrated"] = a.calibration.has_value();
    if (a.calibration) {
        j["area_cm2"] = *a.geometry.areaCm2();
        j["perimeter_mm"] = *a.geometry.perimeterMm;
        j["length_mm"] = *a.geometry.lengthMm;
        j["width_mm"] = *a.geometry.widthMm;
        j["calibration"] = {{"source", a.calibration->source},
                            {"mm_per_pixel", a.calibration->mmPerPixel},
                            {"detail", a.calibration->detail}};
        if (a.uncertainty) {
            j["area_cm2_ci95"] = {a.uncertainty->areaMm2.low / 100.0,
                                  a.uncertainty->areaMm2.high / 100.0};
            j["length_mm_ci95"] = {a.uncertainty->lengthMm.low, a.uncertainty->lengthMm.high};
            j["width_mm_ci95"] = {a.uncertainty->widthMm.low, a.uncertainty->widthMm.high};
        }
        if (a.quality) {
            json q = {{"level", ml::levelName(a.quality->level)},
                      {"reason", a.quality->reasons.empty() ? json(nullptr)
                                                            : json(a.quality->reasons.front())},
                      {"reasons", a.quality->reasons},
                      {"markers", a.calibration->markers.size()}};
            if (const auto& c = a.calibration->conditions) {
                q["tilt_deg"] = c->tiltDeg;
                q["marker_side_px"] = c->markerSidePx;
                q["edge_blur_px"] = c->edgeBlurPx;
                q["contrast"] = c->contrast;
                // The sticker's ruler found: how far (mm) it is from where the marker puts it.
                q["sticker_ruler_off_mm"] =
                    c->rulerDisagreementMm ? json(*c->rulerDisagreementMm) : json(nullptr);
            }
            if (a.uncertainty) {
                q["area_uncertainty_percent"] = 100.0 * a.uncertainty->areaRelativeHalfWidth;
                q["marker_distance_sides"] = a.uncertainty->markerDistanceSides;
            }
            if (!a.calibration->rejected.empty())
                q["markers_left_out"] = a.calibration->rejected;
            j["calibration_quality"] = q;
        }
    } else {
        j["calibration"] = {{"source", "none"}, {"note", a.calibrationNote}};
    }
    j["mask_source"] = a.maskSource;
    if (a.modelName) {
        j["model"] = {{"name", *a.modelName},
                      {"version", *a.modelVersion},
                      {"pipeline", a.modelPipeline.value_or(0)}};
    } else {
        j["model"] = nullptr;
    }
    json tissue;
    for (int k = 1; k <= ml::kTissueClasses; ++k) {
        tissue[std::string(annotate::findTissueClass(static_cast<std::uint8_t>(k))->key)] =
            a.tissue.percent[static_cast<std::size_t>(k - 1)];
    }
    j["tissue_percent"] = tissue;
    j["tissue_method"] = kTissueMethod;
    j["periwound_redness"] =
        std::isfinite(a.periwoundRedness) ? json(a.periwoundRedness) : json(nullptr);
    if (a.meanUncertainty)
        j["mean_uncertainty"] = *a.meanUncertainty;
    return j;
}

std::pair<std::optional<ImageSegment>, std::optional<ImageSegment>> drawnSegments(
    const ml::WoundGeometry& g) {
    if (g.areaPx <= 0) {
        return {};  // no wound, nothing to draw
    }
    return {ImageSegment{g.lengthA.x, g.lengthA.y, g.lengthB.x, g.lengthB.y},
            ImageSegment{g.widthA.x, g.widthA.y, g.widthB.x, g.widthB.y}};
}

Analysis analysisRecord(const PhotoAnalysis& a, std::int64_t photoId, const std::string& maskSha256,
                        std::optional<std::string> tissueSha256) {
    Analysis r;
    r.tissueSha256 = std::move(tissueSha256);
    std::tie(r.lengthSegment, r.widthSegment) = drawnSegments(a.geometry);
    r.photoId = photoId;
    r.maskSource = a.maskSource;
    r.maskSha256 = maskSha256;
    r.modelName = a.modelName;
    r.modelVersion = a.modelVersion;
    r.modelPipeline = a.modelPipeline;
    r.calibrationSource = a.calibration ? a.calibration->source : "none";
    r.calibrationDetail = a.calibration ? a.calibration->detail : a.calibrationNote;
    if (a.calibration)
        r.mmPerPixel = a.calibration->mmPerPixel;
    if (a.calibration && a.calibration->source == "aruco") {  // what aligning visits needs
        std::array<double, 9> h{};
        for (int k = 0; k < 9; ++k)
            h[static_cast<std::size_t>(k)] = a.calibration->imageToPlaneMm.val[k];
        r.planeHomography = h;
    }
    r.areaPx = a.geometry.areaPx;
    r.perimeterPx = a.geometry.perimeterPx;
    r.lengthPx = a.geometry.lengthPx;
    r.widthPx = a.geometry.widthPx;
    r.areaCm2 = a.geometry.areaCm2();
    if (a.uncertainty) {
        r.areaCm2Ci95 =
            ValueRange{a.uncertainty->areaMm2.low / 100.0, a.uncertainty->areaMm2.high / 100.0};
        r.lengthMmCi95 = ValueRange{a.uncertainty->lengthMm.low, a.uncertainty->lengthMm.high};
        r.widthMmCi95 = ValueRange{a.uncertainty->widthMm.low, a.uncertainty->widthMm.high};
    }
    if (a.quality) {
        r.calibrationQuality = std::string(ml::levelName(a.quality->level));
        r.calibrationReasons = a.quality->reasons;
    }
    r.perimeterMm = a.geometry.perimeterMm;
    r.lengthMm = a.geometry.lengthMm;
    r.widthMm = a.geometry.widthMm;
    r.tissueMethod = kTissueMethod;
    r.epithelialPct = a.tissue.percent[0];
    r.sloughPct = a.tissue.percent[1];
    r.granulationPct = a.tissue.percent[2];
    r.necroticPct = a.tissue.percent[3];
    if (std::isfinite(a.periwoundRedness))
        r.periwoundRedness = a.periwoundRedness;
    r.meanUncertainty = a.meanUncertainty;
    return r;
}

std::optional<double> tissuePercent(const Analysis& a, std::uint8_t id) {
    switch (id) {
        case 1:
            return a.epithelialPct;
        case 2:
            return a.sloughPct;
        case 3:
            return a.granulationPct;
        case 4:
            return a.necroticPct;
        default:
            return std::nullopt;
    }
}

}  // namespace cicatrix::workstation
