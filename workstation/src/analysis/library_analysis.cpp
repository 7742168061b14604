// Store → pipeline → store + database, in that order; the mask and tissue objects are pending
// (pending_objects.hpp) until the analysis row refers to them.
#include "workstation/analysis/library_analysis.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "library/analysis_repository.hpp"
#include "library/content_hash.hpp"
#include "library/pending_objects.hpp"
#include "library/photo_decoder.hpp"
#include "library/photo_repository.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

Result<cv::Mat> loadStoredPhoto(const Library& library, const Photo& photo) {
    auto bytes = library.store().read(photo.sha256);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto header = probeImage(*bytes);
    if (!header)
        return std::unexpected(header.error());
    return decodePhoto(*bytes, *header, photo.exifOrientation);
}

namespace {
struct StoredPng {
    std::string sha256;
    std::int64_t pendingId = 0;  // cleared by the transaction that refers to it
};

// Stores an 8-bit image losslessly (PNG) in the content store.
Result<StoredPng> storePng(Library& library, const cv::Mat& image) {
    std::vector<std::uint8_t> png;
    if (image.empty() || !cv::imencode(".png", image, png))
        return fail(ErrorCode::InvalidInput, "cannot encode an analysis image as PNG");
    std::string sha = sha256Hex(png);
    auto stored = putPendingObject(library, sha, png);
    if (!stored)
        return std::unexpected(stored.error());
    return StoredPng{std::move(sha), stored->id};
}
}  // namespace

Result<cv::Mat> loadStoredMask(const Library& library, const std::string& maskSha256) {
    auto bytes = library.store().read(maskSha256);
    if (!bytes)
        return std::unexpected(bytes.error());
    cv::Mat mask = cv::imdecode(*bytes, cv::IMREAD_GRAYSCALE);
    if (mask.empty())
        return fail(ErrorCode::Corrupt, "stored mask " + maskSha256 + " is unreadable");
    return mask;
}

Result<Analysis> analyseLibraryPhoto(Library& library, const Photo& photo,
                                     const ml::SegmentationModel* model, double markerMm,
                                     const cv::Mat& givenMask) {
    auto pixels = loadStoredPhoto(library, photo);
    if (!pixels)
        return std::unexpected(pixels.error());
    AnalysisOptions options;
    options.markerMm = markerMm;
    options.mask = givenMask;
    auto manual =
        library.withReader([&](SQLite::Database& db) -> Result<std::optional<ManualCalibration>> {
            return AnalysisRepository(db).latestCalibration(photo.id);
        });
    if (!manual)
        return std::unexpected(manual.error());
    if (*manual) {
        auto cal = ml::manualCalibration({(*manual)->x1, (*manual)->y1},
                                         {(*manual)->x2, (*manual)->y2}, (*manual)->lengthMm);
        if (cal)
            options.calibration = *cal;
    }
    auto analysis = analysePhoto(*pixels, model, options);
    if (!analysis)
        return std::unexpected(analysis.error());
    auto maskSha = storePng(library, analysis->mask);
    if (!maskSha)
        return std::unexpected(maskSha.error());
    auto tissueSha = storePng(library, analysis->tissueLabels);
    if (!tissueSha)
        return std::unexpected(tissueSha.error());
    Analysis record = analysisRecord(*analysis, photo.id, maskSha->sha256, tissueSha->sha256);
    return library.withDatabase([&](SQLite::Database& db) -> Result<Analysis> {
        SQLite::Transaction tx(db);
        clearPendingObject(db, maskSha->pendingId);
        clearPendingObject(db, tissueSha->pendingId);
        record.id = AnalysisRepository(db).insert(record);
        appendAudit(
            db, record.actor, "analysis.create", "analysis", record.id,
            fmt::format("photo {} mask={} model={} calibration={}", photo.id, record.maskSource,
                        record.modelName.value_or("-") + " " + record.modelVersion.value_or(""),
                        record.calibrationSource));
        tx.commit();
        return *AnalysisRepository(db).latestForPhoto(photo.id);
    });
}

AnalysisBatch analyseLibraryPhotos(Library& library, const std::vector<Photo>& photos,
                                   const ml::SegmentationModel* model, double markerMm,
                                   std::stop_token stop,
                                   const std::function<void(float)>& progress) {
    AnalysisBatch batch;
    for (const Photo& photo : photos) {
        if (stop.stop_requested()) {
            batch.stopped = true;
            break;
        }
        if (auto result = analyseLibraryPhoto(library, photo, model, markerMm); !result) {
            ++batch.failed;
            batch.lastError = photo.originalName + ": " + result.error().message;
        }
        ++batch.attempted;
        if (progress)
            progress(static_cast<float>(batch.attempted) / static_cast<float>(photos.size()));
    }
    return batch;
}

}  // namespace cicatrix::workstation
