// Imports JPEG/PNG files or in-memory bytes into a patient's wound: validate (header, limits, full
// decode, capture time) before touching the library, store the bytes by hash, then one
// transaction for patient, wound, visit, photo and audit row. A rejected photo leaves no row
// (at most an unreferenced object, see PhotoStore); identical bytes are a no-op, also when two
// imports of them race (one is Imported, the other AlreadyPresent with the same photo).
// Thread-safe (the Library serialises writes); run it as a background job.
#pragma once

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

    // Files are imported as given; folders are walked recursively for .jpg/.jpeg/.png files
    // (sorted by path). Stops early, leaving finished imports in place, when a stop is requested.
    [[nodiscard]] std::vector<ImportReport> importPaths(
        const std::vector<std::filesystem::path>& paths, const ImportTarget& target,
        const ImportProgress& progress = {}, std::stop_token stop = {});

  private:
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
