// The wound evolution report: reads the patient, wound, timeline, latest analyses, stored alerts
// and triage decisions in one reader snapshot, prepares the outlined photos, then lays out the
// PDF (pdf_document.hpp). Worker thread (decodes photos and writes a file).
#include "workstation/reports/evolution_report.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "library/analysis_repository.hpp"
#include "library/dates.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_repository.hpp"
#include "library/triage_repository.hpp"
#include "library/wound_repository.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/analysis/measurement_text.hpp"
#include "workstation/analysis/wound_trends.hpp"
#include "workstation/reports/pdf_document.hpp"
#include "workstation/reports/report_chart.hpp"

namespace cicatrix::workstation {

namespace {

constexpr int kMaxPhotoSide = 1200;        // embedded photo size (long side, pixels)
constexpr std::size_t kDefaultPhotos = 6;  // baseline, latest and up to 4 between

struct ReportData {
    Patient patient;
    Wound wound;
    std::vector<Photo> timeline;
    std::vector<PlacedAnalysis> analyses;  // latest of each analysed photo, capture order
    std::vector<StoredAlert> alerts;
    std::vector<TriageDecisionRecord> decisions;
};

struct ReportPhoto {
    Photo photo;
    cv::Mat pixels;  // downscaled, outline drawn; empty when unreadable
    std::string caption;
};

Result<ReportData> readReportData(Library& library, std::int64_t patientId, std::int64_t woundId) {
    return library.withReader([&](SQLite::Database& db) -> Result<ReportData> {
        ReportData data;
        auto patient = PatientRepository(db).findById(patientId);
        if (!patient)
            return fail(ErrorCode::NotFound, fmt::format("no patient with id {}", patientId));
        auto wound = WoundRepository(db).findById(woundId);
        if (!wound || wound->patientId != patientId)
            return fail(ErrorCode::NotFound, fmt::format("patient {} has no wound with id {}",
                                                         patient->externalId, woundId));
        data.patient = std::move(*patient);
        data.wound = std::move(*wound);
        data.timeline = PhotoRepository(db).timeline(woundId);
        data.analyses = AnalysisRepository(db).latestForWound(woundId);
        TriageRepository triage(db);
        data.alerts = triage.openAlerts(woundId);
        data.decisions = triage.decisionsForWound(woundId);
        return data;
    });
}

std::string dateTime(const std::string& iso) {  // "2026-03-02T10:15:00" -> "2026-03-02 10:15"
    if (iso.size() < 16)
        return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string nowUtc() {
    std::string stamp = utcTimestamp();  // YYYY-MM-DDTHH:MM:SS.000Z
    return stamp.substr(0, 19) + "Z";
}

std::string woundSite(const Wound& w) {
    std::string site =
        w.details.anatomicalSite.empty() ? "site not recorded" : w.details.anatomicalSite;
    if (w.details.laterality != "unspecified" && !w.details.laterality.empty())
        site += " (" + w.details.laterality + ")";
    return site;
}

std::string calibrationText(const Analysis& a) {
    if (a.calibrationSource == "none" || a.calibrationSource.empty())
        return "none (no marker, no ruler line)";
    const std::string verdict = calibrationVerdict(a);
    std::string text =
        verdict.empty() ? a.calibrationSource : verdict + " · " + a.calibrationSource;
    if (!a.calibrationDetail.empty())
        text += ": " + a.calibrationDetail;
    return text;
}

std::string tissueText(const Analysis& a) {
    return fmt::format("gran. {:.0f}, slough {:.0f}, necr. {:.0f}, epith. {:.0f} %",
                       a.granulationPct, a.sloughPct, a.necroticPct, a.epithelialPct);
}

// The photos to show: the requested ones (each must be the wound's), else baseline, latest and
// up to four evenly spread between.
Result<std::vector<Photo>> selectPhotos(const std::vector<Photo>& timeline,
                                        const std::vector<std::int64_t>& requested) {
    std::vector<Photo> out;
    if (!requested.empty()) {
        for (const std::int64_t id : requested) {
            const auto it = std::ranges::find(timeline, id, &Photo::id);
            if (it == timeline.end())
                return fail(ErrorCode::NotFound,
                            fmt::format("photo {} is not a photo of this wound", id));
            out.push_back(*it);
        }
        return out;
    }
    if (timeline.size() <= kDefaultPhotos)
        return timeline;
    std::set<std::size_t> picks;
    const std::size_t last = timeline.size() - 1;
    for (std::size_t i = 0; i < kDefaultPhotos; ++i) picks.insert(i * last / (kDefaultPhotos - 1));
    for (const std::size_t i : picks) out.push_back(timeline[i]);
    return out;
}

// The photo, downscaled, with the wound outline of its analysis drawn over it.
ReportPhoto preparePhoto(const Library& library, const Photo& photo, const Analysis* analysis) {
    ReportPhoto out{photo, {}, {}};
    out.caption = dateTime(photo.capturedAt) + " · " + std::string(displayName(photo.source));
    auto pixels = loadStoredPhoto(library, photo);
    if (!pixels) {
        out.caption += " · photo unreadable: " + pixels.error().message;
        return out;
    }
    const double scale =
        std::min(1.0, static_cast<double>(kMaxPhotoSide) / std::max(pixels->cols, pixels->rows));
    cv::Mat small;
    cv::resize(*pixels, small, cv::Size(), scale, scale, cv::INTER_AREA);
    if (small.channels() == 1)
        cv::cvtColor(small, small, cv::COLOR_GRAY2BGR);
    if (!analysis) {
        out.caption += " · not analysed";
    } else if (auto mask = loadStoredMask(library, analysis->maskSha256); mask) {
        cv::Mat fitted;
        cv::resize(*mask, fitted, small.size(), 0, 0, cv::INTER_NEAREST);
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(fitted > 127, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
        const int thickness = std::max(2, std::max(small.cols, small.rows) / 300);
        cv::drawContours(small, contours, -1, cv::Scalar(0, 0, 0), thickness + 2, cv::LINE_AA);
        cv::drawContours(small, contours, -1, cv::Scalar(80, 255, 255), thickness, cv::LINE_AA);
        out.caption += " · " + areaText(*analysis);
    } else {
        out.caption += " · " + areaText(*analysis) + " (outline unreadable)";
    }
    out.pixels = std::move(small);
    return out;
}

void layoutHeader(PdfDocument& doc, const ReportData& d, const std::string& generatedAt,
                  const std::string& generatedBy) {
    doc.paragraph("Wound evolution report", TextStyle{18, true, {0.08, 0.2, 0.35}}, 2);
    doc.paragraph(fmt::format("Generated {} by {}", generatedAt, generatedBy),
                  TextStyle{8.5, false, {0.35, 0.35, 0.35}}, 6);
    doc.heading("Patient and wound", 12);
    const WoundDetails& w = d.wound.details;
    std::vector<std::pair<std::string, std::string>> rows{
        {"Patient", d.patient.displayName.empty() ? "(no name recorded)" : d.patient.displayName},
        {"Hospital id", d.patient.externalId}};
    if (d.patient.birthDate)
        rows.emplace_back("Born", *d.patient.birthDate);
    rows.emplace_back("Wound", d.wound.label);
    rows.emplace_back("Site", woundSite(d.wound));
    rows.emplace_back("Etiology", w.etiology);
    if (w.onsetDate)
        rows.emplace_back("Onset", *w.onsetDate);
    rows.emplace_back("Status", w.status);
    std::string span = "no photos yet";
    if (!d.timeline.empty())
        span = fmt::format("{} photo{} from {} to {}; {} analysed", d.timeline.size(),
                           d.timeline.size() == 1 ? "" : "s",
                           d.timeline.front().capturedAt.substr(0, 10),
                           d.timeline.back().capturedAt.substr(0, 10), d.analyses.size());
    rows.emplace_back("Photos", span);
    doc.keyValues(rows);
}

void layoutTrend(PdfDocument& doc, const ReportData& d) {
    doc.heading("Area and tissue trend", 12);
    if (d.analyses.empty()) {
        doc.paragraph(
            "No analyses yet: no photo of this wound has been measured, so there is no "
            "trend to show.");
        return;
    }
    const ml::HealingTrend trend = woundTrend(d.analyses, {});
    if (trend.calibratedPoints == 0) {
        doc.paragraph(
            "Area: uncalibrated photos only (no marker, no ruler line). Pixel areas of "
            "different photos are not comparable, so no area trend is given.",
            TextStyle{9.5, false, {0.6, 0.3, 0.0}});
    } else {
        std::string text = fmt::format(
            "Baseline {:.2f} cm², latest {:.2f} cm² ({} calibrated "
            "measurement{})",
            trend.baselineAreaCm2.value_or(0), trend.latestAreaCm2.value_or(0),
            trend.calibratedPoints, trend.calibratedPoints == 1 ? "" : "s");
        if (trend.reductionPercent)
            text +=
                fmt::format("; area reduction {:.0f} % since baseline", *trend.reductionPercent);
        if (trend.weeklyRatePercent)
            text += fmt::format("; {:+.1f} % of baseline per week", *trend.weeklyRatePercent);
        doc.paragraph(text + ".");
    }
    std::vector<ChartPoint> points;
    for (const PlacedAnalysis& p : d.analyses) {
        ChartPoint c;
        c.day = parseIsoDays(p.capturedAt).value_or(0.0);
        c.date = p.capturedAt.substr(0, 10);
        c.areaCm2 = p.analysis.areaCm2;
        if (p.analysis.areaCm2Ci95)
            c.areaCm2Ci95 = std::pair(p.analysis.areaCm2Ci95->low, p.analysis.areaCm2Ci95->high);
        c.tissuePct = {p.analysis.epithelialPct, p.analysis.sloughPct, p.analysis.granulationPct,
                       p.analysis.necroticPct};
        points.push_back(std::move(c));
    }
    constexpr double kChartHeight = 190;
    doc.ensureSpace(kChartHeight + 10);
    drawTrendChart(doc, doc.left(), doc.y(), doc.contentWidth(), kChartHeight, points);
    doc.advance(kChartHeight + 6);
    doc.paragraph(
        "Tissue shares are an experimental colour-based estimate, not a trained model; "
        "read them as a hint, never as a measurement.",
        TextStyle{8, false, {0.6, 0.3, 0.0}}, 4);
}

void layoutPhotos(PdfDocument& doc, const std::vector<ReportPhoto>& photos) {
    doc.heading("Photos with wound outlines", 12);
    if (photos.empty()) {
        doc.paragraph("No photos yet.");
        return;
    }
    constexpr double kGap = 12, kImageHeight = 190, kCaption = 24;
    const double cellW = (doc.contentWidth() - kGap) / 2;
    for (std::size_t i = 0; i < photos.size(); i += 2) {
        doc.ensureSpace(kImageHeight + kCaption);
        const double top = doc.y();
        for (std::size_t j = i; j < std::min(i + 2, photos.size()); ++j) {
            const double x = doc.left() + static_cast<double>(j - i) * (cellW + kGap);
            const cv::Size2d drawn = doc.image(photos[j].pixels, x, top, cellW, kImageHeight);
            doc.setY(top + drawn.height + 3);
            doc.paragraphAt(x, cellW, photos[j].caption, TextStyle{7.5, false, {0.2, 0.2, 0.2}});
        }
        doc.setY(top + kImageHeight + kCaption);
    }
}

void layoutMeasurements(PdfDocument& doc, const ReportData& d) {
    doc.heading("Measurements", 12);
    if (d.timeline.empty()) {
        doc.paragraph("No photos yet.");
        return;
    }
    if (d.analyses.empty())
        doc.paragraph("No analyses yet: no photo of this wound has been measured.");
    std::map<std::int64_t, const Analysis*> byPhoto;
    for (const PlacedAnalysis& p : d.analyses) byPhoto[p.analysis.photoId] = &p.analysis;
    std::vector<std::vector<std::string>> rows;
    for (const Photo& photo : d.timeline) {
        const auto it = byPhoto.find(photo.id);
        if (it == byPhoto.end()) {
            rows.push_back({dateTime(photo.capturedAt), std::string(displayName(photo.source)),
                            "not analysed", "", "", "", ""});
            continue;
        }
        const Analysis& a = *it->second;
        rows.push_back({dateTime(photo.capturedAt), std::string(displayName(photo.source)),
                        areaText(a), sizeText(a), tissueText(a), calibrationText(a),
                        outlineText(a)});
    }
    doc.table({56, 42, 64, 58, 84, 100, 95},
              {"Captured", "Source", "Area", "Length × width", "Tissue (experimental)",
               "Calibration", "Outline (model)"},
              rows, 7.5);
}

void layoutAlerts(PdfDocument& doc, const ReportData& d) {
    doc.heading("Alerts", 12);
    std::vector<std::vector<std::string>> rows;
    std::set<std::string> titles;
    for (const StoredAlert& a : d.alerts) {
        titles.insert(a.title);
        rows.push_back({dateTime(a.raisedAt), a.title, a.explanation});
    }
    if (!d.analyses.empty()) {
        for (const ml::Alert& a : woundTrend(d.analyses, {}).alerts)
            if (!titles.contains(a.title))
                rows.push_back({isoDate(a.day), a.title, a.explanation});
    }
    if (rows.empty()) {
        doc.paragraph("No open alerts.");
        return;
    }
    doc.table({80, 120, 299}, {"Raised", "Alert", "Why"}, rows, 8);
    doc.paragraph(
        "Alerts are prompts to look again (for instance for signs of infection), not "
        "diagnoses.",
        TextStyle{8, false, {0.35, 0.35, 0.35}}, 4);
}

void layoutDecisions(PdfDocument& doc, const ReportData& d) {
    doc.heading("Teleconsultation triage decisions", 12);
    if (d.decisions.empty()) {
        doc.paragraph("No triage decisions recorded.");
        return;
    }
    std::map<std::int64_t, std::string> captured;
    for (const Photo& p : d.timeline) captured[p.id] = dateTime(p.capturedAt);
    std::vector<std::vector<std::string>> rows;
    for (const TriageDecisionRecord& r : d.decisions) {
        const auto it = captured.find(r.photoId);
        rows.push_back({dateTime(r.decidedAt), std::string(displayName(r.decision)), r.decidedBy,
                        it == captured.end() ? fmt::format("photo {}", r.photoId) : it->second,
                        r.note.empty() ? "(no note)" : r.note});
    }
    doc.table({72, 84, 64, 72, 207}, {"Decided", "Decision", "By", "Photo taken", "Note"}, rows, 8);
}

}  // namespace

Result<void> writeEvolutionReport(Library& library, std::int64_t patientId, std::int64_t woundId,
                                  const std::filesystem::path& pdf,
                                  const EvolutionReportOptions& options) {
    auto data = readReportData(library, patientId, woundId);
    if (!data)
        return std::unexpected(data.error());
    auto selected = selectPhotos(data->timeline, options.photoIds);
    if (!selected)
        return std::unexpected(selected.error());
    std::map<std::int64_t, const Analysis*> byPhoto;
    for (const PlacedAnalysis& p : data->analyses) byPhoto[p.analysis.photoId] = &p.analysis;
    std::vector<ReportPhoto> photos;
    for (const Photo& photo : *selected) {
        const auto it = byPhoto.find(photo.id);
        photos.push_back(preparePhoto(library, photo, it == byPhoto.end() ? nullptr : it->second));
    }

    const std::string generatedAt =
        dateTime(options.generatedAtUtc.empty() ? nowUtc() : options.generatedAtUtc) + " UTC";
    const std::string generatedBy =
        options.generatedBy.empty() ? std::string(kLocalActor) : options.generatedBy;
    const std::string footer =
        fmt::format("{} · wound {} · generated {} by {}", data->patient.externalId,
                    data->wound.label, generatedAt, generatedBy);
    const auto layout = [&](PdfDocument& doc) {
        layoutHeader(doc, *data, generatedAt, generatedBy);
        layoutTrend(doc, *data);
        layoutPhotos(doc, photos);
        layoutMeasurements(doc, *data);
        layoutAlerts(doc, *data);
        layoutDecisions(doc, *data);
    };
    return renderPdf(
        pdf,
        fmt::format("Wound evolution report — {} {}", data->patient.externalId, data->wound.label),
        footer, layout);
}

}  // namespace cicatrix::workstation
