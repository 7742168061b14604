// SQL for analyses and manual_calibrations.
#include "library/analysis_repository.hpp"
#include "sqlite_columns.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cicatrix::library {

namespace {
constexpr const char* kColumns =
    "a.id, a.photo_id, a.created_at, a.mask_source, a.mask_sha256, a.model_name, a.model_version, "
    "a.calibration_source, a.calibration_detail, a.mm_per_pixel, a.area_px, a.perimeter_px, "
    "a.length_px, a.width_px, "
    "a.area_cm2, a.perimeter_mm, a.length_mm, a.width_mm, a.tissue_method, a.epithelial_pct, "
    "a.slough_pct, "
    "a.granulation_pct, a.necrotic_pct, a.periwound_redness, a.mean_uncertainty, a.actor, "
    "a.length_x1, a.length_y1, a.length_x2, a.length_y2, a.width_x1, a.width_y1, a.width_x2, "
    "a.width_y2, a.tissue_sha256, a.plane_homography, a.area_cm2_low, a.area_cm2_high, "
    "a.length_mm_low, a.length_mm_high, a.width_mm_low, a.width_mm_high, a.calibration_quality, "
    "a.calibration_reasons, a.model_pipeline";
constexpr int kColumnCount = 45;  // the columns above; placed() reads what follows them

std::optional<double> optionalDouble(const SQLite::Column& c) {
    return c.isNull() ? std::nullopt : std::optional(c.getDouble());
}
// Four columns from `i` on, all set or absent.
std::optional<ImageSegment> optionalSegment(SQLite::Statement& q, int& i) {
    const int first = i;
    i += 4;
    for (int k = first; k < first + 4; ++k) {
        if (q.getColumn(k).isNull())
            return std::nullopt;
    }
    return ImageSegment{q.getColumn(first).getDouble(), q.getColumn(first + 1).getDouble(),
                        q.getColumn(first + 2).getDouble(), q.getColumn(first + 3).getDouble()};
}

// The plane homography as a JSON array of 9 numbers (the analyses.plane_homography column).
std::string homographyJson(const std::array<double, 9>& h) {
    std::string out = "[";
    for (std::size_t k = 0; k < h.size(); ++k) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", std::isfinite(h[k]) ? h[k] : 0.0);
        out += (k ? "," : "") + std::string(buf);
    }
    return out + "]";
}

// Absent unless the text is exactly a JSON array of 9 finite numbers.
std::optional<std::array<double, 9>> parseHomography(const std::string& text) {
    std::array<double, 9> h{};
    const char* p = text.c_str();
    auto skipSpace = [&p] {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
    };
    skipSpace();
    if (*p++ != '[')
        return std::nullopt;
    for (std::size_t k = 0; k < h.size(); ++k) {
        skipSpace();
        char* end = nullptr;
        errno = 0;
        h[k] = std::strtod(p, &end);
        if (end == p || errno == ERANGE || !std::isfinite(h[k]))
            return std::nullopt;
        p = end;
        skipSpace();
        if (*p++ != (k + 1 < h.size() ? ',' : ']'))
            return std::nullopt;
    }
    skipSpace();
    return *p == '\0' ? std::optional(h) : std::nullopt;
}

Analysis readAnalysis(SQLite::Statement& q) {
    Analysis a;
    int i = 0;
    a.id = q.getColumn(i++).getInt64();
    a.photoId = q.getColumn(i++).getInt64();
    a.createdAt = q.getColumn(i++).getString();
    a.maskSource = q.getColumn(i++).getString();
    a.maskSha256 = q.getColumn(i++).getString();
    a.modelName = optionalText(q.getColumn(i++));
    a.modelVersion = optionalText(q.getColumn(i++));
    a.calibrationSource = q.getColumn(i++).getString();
    a.calibrationDetail = q.getColumn(i++).getString();
    a.mmPerPixel = optionalDouble(q.getColumn(i++));
    a.areaPx = q.getColumn(i++).getDouble();
    a.perimeterPx = q.getColumn(i++).getDouble();
    a.lengthPx = q.getColumn(i++).getDouble();
    a.widthPx = q.getColumn(i++).getDouble();
    a.areaCm2 = optionalDouble(q.getColumn(i++));
    a.perimeterMm = optionalDouble(q.getColumn(i++));
    a.lengthMm = optionalDouble(q.getColumn(i++));
    a.widthMm = optionalDouble(q.getColumn(i++));
    a.tissueMethod = q.getColumn(i++).getString();
    a.epithelialPct = q.getColumn(i++).getDouble();
    a.sloughPct = q.getColumn(i++).getDouble();
    a.granulationPct = q.getColumn(i++).getDouble();
    a.necroticPct = q.getColumn(i++).getDouble();
    a.periwoundRedness = optionalDouble(q.getColumn(i++));
    a.meanUncertainty = optionalDouble(q.getColumn(i++));
    a.actor = q.getColumn(i++).getString();
    a.lengthSegment = optionalSegment(q, i);
    a.widthSegment = optionalSegment(q, i);
    a.tissueSha256 = optionalText(q.getColumn(i++));
    if (const auto text = optionalText(q.getColumn(i++)))
        a.planeHomography = parseHomography(*text);
    for (auto* range : {&a.areaCm2Ci95, &a.lengthMmCi95, &a.widthMmCi95}) {
        const auto low = optionalDouble(q.getColumn(i++)), high = optionalDouble(q.getColumn(i++));
        if (low && high)
            *range = ValueRange{*low, *high};
    }
    a.calibrationQuality = optionalText(q.getColumn(i++));
    if (const auto reasons = optionalText(q.getColumn(i++))) {
        std::size_t from = 0;
        while (from < reasons->size()) {
            const std::size_t end = std::min(reasons->find('\n', from), reasons->size());
            if (end > from)
                a.calibrationReasons.push_back(reasons->substr(from, end - from));
            from = end + 1;
        }
    }
    if (!q.getColumn(i).isNull())
        a.modelPipeline = q.getColumn(i).getInt();
    ++i;
    return a;
}

template <typename T>
void bindOptional(SQLite::Statement& q, int index, const std::optional<T>& value) {
    if (value) {
        q.bind(index, *value);
    } else {
        q.bind(index);
    }
}
}  // namespace

std::int64_t AnalysisRepository::insert(const Analysis& a) {
    SQLite::Statement q(m_db, R"sql(INSERT INTO analyses
        (photo_id, mask_source, mask_sha256, model_name, model_version, calibration_source, calibration_detail,
         mm_per_pixel, area_px, perimeter_px, length_px, width_px, area_cm2, perimeter_mm, length_mm, width_mm,
         tissue_method, epithelial_pct, slough_pct, granulation_pct, necrotic_pct, periwound_redness,
         mean_uncertainty, actor, length_x1, length_y1, length_x2, length_y2, width_x1, width_y1, width_x2,
         width_y2, tissue_sha256, plane_homography, area_cm2_low, area_cm2_high, length_mm_low,
         length_mm_high, width_mm_low, width_mm_high, calibration_quality, calibration_reasons,
         model_pipeline)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    int i = 1;
    q.bind(i++, a.photoId);
    q.bind(i++, a.maskSource);
    q.bind(i++, a.maskSha256);
    bindOptional(q, i++, a.modelName);
    bindOptional(q, i++, a.modelVersion);
    q.bind(i++, a.calibrationSource);
    q.bind(i++, a.calibrationDetail);
    bindOptional(q, i++, a.mmPerPixel);
    q.bind(i++, a.areaPx);
    q.bind(i++, a.perimeterPx);
    q.bind(i++, a.lengthPx);
    q.bind(i++, a.widthPx);
    bindOptional(q, i++, a.areaCm2);
    bindOptional(q, i++, a.perimeterMm);
    bindOptional(q, i++, a.lengthMm);
    bindOptional(q, i++, a.widthMm);
    q.bind(i++, a.tissueMethod);
    q.bind(i++, a.epithelialPct);
    q.bind(i++, a.sloughPct);
    q.bind(i++, a.granulationPct);
    q.bind(i++, a.necroticPct);
    bindOptional(q, i++, a.periwoundRedness);
    bindOptional(q, i++, a.meanUncertainty);
    q.bind(i++, a.actor);
    for (const std::optional<ImageSegment>& segment : {a.lengthSegment, a.widthSegment}) {
        const ImageSegment v = segment.value_or(ImageSegment{});
        for (const double coordinate : {v.x1, v.y1, v.x2, v.y2}) {
            bindOptional(q, i++, segment ? std::optional(coordinate) : std::nullopt);
        }
    }
    bindOptional(q, i++, a.tissueSha256);
    bindOptional(
        q, i++,
        a.planeHomography ? std::optional(homographyJson(*a.planeHomography)) : std::nullopt);
    for (const auto* range : {&a.areaCm2Ci95, &a.lengthMmCi95, &a.widthMmCi95}) {
        bindOptional(q, i++, *range ? std::optional((*range)->low) : std::nullopt);
        bindOptional(q, i++, *range ? std::optional((*range)->high) : std::nullopt);
    }
    bindOptional(q, i++, a.calibrationQuality);
    std::string reasons;
    for (const auto& r : a.calibrationReasons) reasons += (reasons.empty() ? "" : "\n") + r;
    bindOptional(q, i++, a.calibrationQuality ? std::optional(reasons) : std::nullopt);
    bindOptional(q, i++, a.modelPipeline);
    q.exec();
    return m_db.getLastInsertRowid();
}

std::vector<Analysis> AnalysisRepository::forPhoto(std::int64_t photoId) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " FROM analyses a WHERE a.photo_id = ? ORDER BY a.id");
    q.bind(1, photoId);
    std::vector<Analysis> out;
    while (q.executeStep()) out.push_back(readAnalysis(q));
    return out;
}

std::optional<Analysis> AnalysisRepository::latestForPhoto(std::int64_t photoId) const {
    SQLite::Statement q(m_db,
                        std::string("SELECT ") + kColumns +
                            " FROM analyses a WHERE a.photo_id = ? ORDER BY a.id DESC LIMIT 1");
    q.bind(1, photoId);
    if (!q.executeStep())
        return std::nullopt;
    return readAnalysis(q);
}

namespace {
std::vector<PlacedAnalysis> placed(SQLite::Statement& q) {
    std::vector<PlacedAnalysis> out;
    while (q.executeStep()) {
        PlacedAnalysis p;
        p.analysis = readAnalysis(q);
        p.patientId = q.getColumn(kColumnCount).getInt64();
        p.woundId = q.getColumn(kColumnCount + 1).getInt64();
        p.capturedAt = q.getColumn(kColumnCount + 2).getString();
        out.push_back(std::move(p));
    }
    return out;
}
constexpr const char* kPlacedFrom = R"sql(, w.patient_id, p.wound_id, p.captured_at
          FROM analyses a JOIN photos p ON p.id = a.photo_id JOIN wounds w ON w.id = p.wound_id
         WHERE a.id = (SELECT MAX(b.id) FROM analyses b WHERE b.photo_id = a.photo_id))sql";
}  // namespace

std::vector<PlacedAnalysis> AnalysisRepository::latestForWound(std::int64_t woundId) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + kPlacedFrom +
                                  " AND p.wound_id = ? ORDER BY p.captured_at, p.id");
    q.bind(1, woundId);
    return placed(q);
}

std::vector<PlacedAnalysis> AnalysisRepository::latestForAllWounds() const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + kPlacedFrom +
                                  " ORDER BY p.wound_id, p.captured_at, p.id");
    return placed(q);
}

std::int64_t AnalysisRepository::insertCalibration(const ManualCalibration& c) {
    SQLite::Statement q(m_db,
                        "INSERT INTO manual_calibrations (photo_id, x1, y1, x2, y2, length_mm) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, c.photoId);
    q.bind(2, c.x1);
    q.bind(3, c.y1);
    q.bind(4, c.x2);
    q.bind(5, c.y2);
    q.bind(6, c.lengthMm);
    q.exec();
    return m_db.getLastInsertRowid();
}

std::optional<ManualCalibration> AnalysisRepository::latestCalibration(std::int64_t photoId) const {
    SQLite::Statement q(m_db,
                        "SELECT id, photo_id, x1, y1, x2, y2, length_mm FROM manual_calibrations "
                        "WHERE photo_id = ? ORDER BY id DESC LIMIT 1");
    q.bind(1, photoId);
    if (!q.executeStep())
        return std::nullopt;
    return ManualCalibration{q.getColumn(0).getInt64(),  q.getColumn(1).getInt64(),
                             q.getColumn(2).getDouble(), q.getColumn(3).getDouble(),
                             q.getColumn(4).getDouble(), q.getColumn(5).getDouble(),
                             q.getColumn(6).getDouble()};
}

}  // namespace cicatrix::library
