// Imports JPEG/PNG files or in-memory bytes into a patient's wound: validate (header, limits, full
// decode, capture time) before touching the library, store the bytes by hash, then one
// transaction for patient, wound, visit, photo and audit row. A rejected photo leaves no row
// (at most an unreferenced object, see PhotoStore); identical bytes are a no-op, also when two
// imports of them race (one is Imported, the other AlreadyPresent with the same photo).
// Thread-safe (the Library serialises writes); run it as a background job.
#pragma once

#include <SQLiteCpp/Database.h>

#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "library/dates.hpp"
#include "library/image_probe.hpp"
#include "library/library.hpp"
#include "library/records.hpp"

namespace cicatrix::library {

struct ImportTarget {
    std::string patientExternalId;
    std::string
        patientDisplayName;  // used when the patient is created; defaults to the external id
    std::string woundLabel;
    WoundDetails woundDetails;  // used when the wound is created
    PhotoSource source = PhotoSource::Imported;
    // "YYYY-MM-DDTHH:MM:SS", recorded as 'manual'; wins over every other capture time.
    std::optional<std::string> capturedAtOverride;
    std::string actor = kLocalActor;
    std::optional<std::string> patientBirthDate;  // YYYY-MM-DD, used when the patient is created
};

struct CaptureTime {
    std::string iso;  // "YYYY-MM-DDTHH:MM:SS"
    CaptureTimeSource source = CaptureTimeSource::Manual;
};

// What is known about photo bytes besides the bytes (from a file, or from a sync peer).
// Capture time, first that applies: target.capturedAtOverride, capturedAt, the EXIF date,
// fallbackCapturedAt; with none of them the photo is rejected.
struct ImportMetadata {
    std::string originalName;                       // shown to the user and in the audit row
    std::optional<CaptureTime> capturedAt;          // wins over the EXIF date
    std::optional<CaptureTime> fallbackCapturedAt;  // used only without an EXIF date
    std::optional<PhotoSource> source;              // else target.source
};

enum class ImportOutcome { Imported, AlreadyPresent, Rejected };

struct ImportReport {
    std::filesystem::path file;  // for imported bytes: their original name
    ImportOutcome outcome = ImportOutcome::Rejected;
    std::string message;  // why rejected, or where the duplicate already is
    std::optional<Photo> photo;
};

using ImportProgress = std::function<void(std::size_t done, std::size_t total)>;

// A photo validated and in the store, waiting for its rows (PhotoImporter::commitPrepared).
struct PreparedPhoto {
    ImportTarget target;
    Photo photo;  // ids are set by the commit (or already, when alreadyPresent)
    std::filesystem::path reportName;
    std::int64_t pendingObjectId = 0;  // its pending_objects row, cleared by the commit
    bool wroteObject = false;          // a new object, flushed to disk by the commit
    bool alreadyPresent = false;       // the same bytes were already a photo when prepared
};

// Writes more rows for a committed photo (new or already present) inside the commit's
// transaction, e.g. its DICOM identity; index is the photo's place in the batch.
using CommitHook = std::function<void(SQLite::Database& db, const Photo& photo, std::size_t index)>;

class PhotoImporter {
  public:
    explicit PhotoImporter(Library& library, ImageLimits limits = {})
        : m_library(library), m_limits(limits) {}

    // Reads the file and imports its bytes (importBytes) with its name and, as the fallback
    // capture time, its modification time.
    [[nodiscard]] ImportReport importFile(const std::filesystem::path& file,
                                          const ImportTarget& target);
    [[nodiscard]] ImportReport importBytes(std::span<const std::uint8_t> bytes,
                                           const ImportTarget& target,
                                           const ImportMetadata& metadata);

    // The two halves of importBytes, for callers that commit many photos in one transaction
    // (sync): prepare validates, decodes, hashes and stores the bytes (rejections come back as
    // the error); commitPrepared writes all the rows of a batch in one transaction, calling
    // `alsoWrite` for each photo. A failed commit rejects the whole batch; its objects are
    // removed by a later open's recovery when nothing refers to them.
    [[nodiscard]] std::expected<PreparedPhoto, ImportReport> prepareBytes(
        std::vector<std::uint8_t> bytes, const ImportTarget& target,
        const ImportMetadata& metadata);
    [[nodiscard]] std::vector<ImportReport> commitPrepared(std::span<PreparedPhoto> prepared,
                                                           const CommitHook& alsoWrite = {});

    // Files are imported as given; folders are walked recursively for .jpg/.jpeg/.png files
    // (sorted by path). Stops early, leaving finished imports in place, when a stop is requested.
    [[nodiscard]] std::vector<ImportReport> importPaths(
        const std::vector<std::filesystem::path>& paths, const ImportTarget& target,
        const ImportProgress& progress = {}, std::stop_token stop = {});

  private:
    [[nodiscard]] std::expected<PreparedPhoto, ImportReport> prepareOwned(
        std::vector<std::uint8_t> bytes, const ImportTarget& target, const ImportMetadata& metadata,
        const std::filesystem::path& reportName);
    [[nodiscard]] static Photo insertPhoto(SQLite::Database& db, const PreparedPhoto& item);
    [[nodiscard]] ImportReport importOwnedBytes(std::vector<std::uint8_t> bytes,
                                                const ImportTarget& target,
                                                const ImportMetadata& metadata,
                                                const std::filesystem::path& reportName);

    Library& m_library;
    ImageLimits m_limits;
};

// Expands folders into their image files (recursive, sorted); plain files pass through.
[[nodiscard]] std::vector<std::filesystem::path> expandImportPaths(
    const std::vector<std::filesystem::path>& paths);

[[nodiscard]] std::string_view toString(ImportOutcome outcome);

}  // namespace cicatrix::library
