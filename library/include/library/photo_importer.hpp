// Imports JPEG/PNG files into a patient's wound: validate (header, limits, full decode) before
// touching the library, store the bytes by hash, then one transaction for patient, wound, visit,
// photo and audit row. A failed file leaves the library unchanged; identical bytes are a no-op.
// Thread-safe (the Library serialises database access); run it as a background job.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

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
    std::optional<std::string> capturedAtOverride;  // "YYYY-MM-DDTHH:MM:SS", recorded as 'manual'
    std::string actor = "local-user";
};

enum class ImportOutcome { Imported, AlreadyPresent, Rejected };

struct ImportReport {
    std::filesystem::path file;
    ImportOutcome outcome = ImportOutcome::Rejected;
    std::string message;  // why rejected, or where the duplicate already is
    std::optional<Photo> photo;
};

using ImportProgress = std::function<void(std::size_t done, std::size_t total)>;

class PhotoImporter {
  public:
    explicit PhotoImporter(Library& library, ImageLimits limits = {})
        : m_library(library), m_limits(limits) {}

    [[nodiscard]] ImportReport importFile(const std::filesystem::path& file,
                                          const ImportTarget& target);

    // Files are imported as given; folders are walked recursively for .jpg/.jpeg/.png files
    // (sorted by path). Stops early, leaving finished imports in place, when a stop is requested.
    [[nodiscard]] std::vector<ImportReport> importPaths(
        const std::vector<std::filesystem::path>& paths, const ImportTarget& target,
        const ImportProgress& progress = {}, std::stop_token stop = {});

  private:
    Library& m_library;
    ImageLimits m_limits;
};

// Expands folders into their image files (recursive, sorted); plain files pass through.
[[nodiscard]] std::vector<std::filesystem::path> expandImportPaths(
    const std::vector<std::filesystem::path>& paths);

[[nodiscard]] std::string_view toString(ImportOutcome outcome);

}  // namespace cicatrix::library
