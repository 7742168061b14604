// Import pipeline: (read file →) probe → EXIF → strict full decode → capture time → hash → store
// → one IMMEDIATE transaction that re-checks for the same bytes. Files and bytes share it.
#include "library/photo_importer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "library/atomic_file.hpp"
#include "library/content_hash.hpp"
#include "library/dates.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_file.hpp"
#include "library/photo_repository.hpp"
#include "library/wound_repository.hpp"

namespace cicatrix::library {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> fileTimeIso(const fs::path& file) {
    std::error_code ec;
    const auto ftime = fs::last_write_time(file, ec);
    if (ec) {
        return std::nullopt;
    }
    const auto sys = std::chrono::file_clock::to_sys(ftime);
    const std::time_t t = std::chrono::system_clock::to_time_t(sys);
    std::tm local{};
    localtime_r(&t, &local);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
    return std::string(buf);
}

bool hasImageExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::ranges::transform(ext, ext.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

ImportReport rejected(const fs::path& file, const std::string& why) {
    return ImportReport{file, ImportOutcome::Rejected, why, std::nullopt};
}

// Why the target or the given capture times cannot be used; nullopt when they can.
std::optional<std::string> requestProblem(const ImportTarget& target,
                                          const ImportMetadata& metadata) {
    if (target.patientExternalId.empty() || target.woundLabel.empty()) {
        return "a patient id and a wound id are required";
    }
    if (target.capturedAtOverride) {
        if (auto problem = isoDateTimeProblem(*target.capturedAtOverride)) {
            return problem;
        }
    }
    for (const auto& given : {metadata.capturedAt, metadata.fallbackCapturedAt}) {
        if (given) {
            if (auto problem = isoDateTimeProblem(given->iso)) {
                return problem;
            }
        }
    }
    return std::nullopt;
}

// The capture time by precedence (see ImportMetadata); nullopt when none is known.
std::optional<CaptureTime> chooseCaptureTime(const ImportTarget& target,
                                             const ImportMetadata& metadata, const ExifInfo& exif) {
    if (target.capturedAtOverride) {
        return CaptureTime{*target.capturedAtOverride, CaptureTimeSource::Manual};
    }
    if (metadata.capturedAt) {
        return metadata.capturedAt;
    }
    // A camera with an unset clock writes impossible dates: those count as no EXIF date.
    if (exif.dateTimeOriginal && isValidIsoDateTime(*exif.dateTimeOriginal)) {
        return CaptureTime{*exif.dateTimeOriginal, CaptureTimeSource::Exif};
    }
    return metadata.fallbackCapturedAt;
}

std::string alreadyPresentMessage(const Photo& existing) {
    return fmt::format(
        "already in the library (photo {} of wound {}, imported {}); nothing changed", existing.id,
        existing.woundId, existing.importedAt);
}

// The transaction's result: the photo, and whether this import created it.
struct Inserted {
    Photo photo;
    bool created = false;
};

}  // namespace

std::string_view toString(ImportOutcome outcome) {
    switch (outcome) {
        case ImportOutcome::Imported:
            return "imported";
        case ImportOutcome::AlreadyPresent:
            return "already-present";
        case ImportOutcome::Rejected:
            return "rejected";
    }
    return "?";
}

std::vector<fs::path> expandImportPaths(const std::vector<fs::path>& paths) {
    std::vector<fs::path> out;
    for (const fs::path& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (auto it = fs::recursive_directory_iterator(
                     p, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) {
                    break;
                }
                if (it->is_regular_file(ec) && hasImageExtension(it->path())) {
                    found.push_back(it->path());
                }
            }
            std::ranges::sort(found);
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(p);
        }
    }
    return out;
}

ImportReport PhotoImporter::importFile(const fs::path& file, const ImportTarget& target) {
    ImportMetadata metadata;
    metadata.originalName = file.filename().string();
    if (auto problem = requestProblem(target, metadata)) {
        return rejected(file, *problem);  // before reading anything
    }
    auto bytes = readFileBytes(file, m_limits.maxFileBytes);
    if (!bytes) {
        return rejected(file, bytes.error().message);
    }
    if (auto ft = fileTimeIso(file)) {
        metadata.fallbackCapturedAt = CaptureTime{*ft, CaptureTimeSource::FileTime};
    }
    return importOwnedBytes(std::move(*bytes), target, metadata, file);
}

ImportReport PhotoImporter::importBytes(std::span<const std::uint8_t> bytes,
                                        const ImportTarget& target,
                                        const ImportMetadata& metadata) {
    return importOwnedBytes(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), target, metadata,
                            fs::path(metadata.originalName));
}

ImportReport PhotoImporter::importOwnedBytes(std::vector<std::uint8_t> bytes,
                                             const ImportTarget& target,
                                             const ImportMetadata& metadata,
                                             const fs::path& reportName) {
    if (auto problem = requestProblem(target, metadata)) {
        return rejected(reportName, *problem);
    }
    // Every pixel is decoded once so damaged photos never enter the library.
    auto loaded = loadPhotoBytes(std::move(bytes), m_limits);
    if (!loaded) {
        return rejected(reportName, loaded.error().message);
    }
    const std::vector<std::uint8_t>& bytesRef = loaded->bytes;
    const auto captured = chooseCaptureTime(target, metadata, loaded->exif);
    if (!captured) {
        return rejected(reportName,
                        "no capture time: the photo has no EXIF date and no other "
                        "capture time is known (file time unreadable or none given)");
    }

    Photo photo;
    photo.sha256 = sha256Hex(bytesRef);
    photo.width = loaded->upright.cols;
    photo.height = loaded->upright.rows;
    loaded->upright.release();
    photo.exifOrientation = loaded->exif.orientation;
    photo.mediaType = mediaType(loaded->header.format);
    photo.byteSize = static_cast<std::int64_t>(bytesRef.size());
    photo.originalName = metadata.originalName;
    photo.source = metadata.source.value_or(target.source);
    photo.capturedAt = captured->iso;
    photo.captureTimeSource = captured->source;

    // Cheap early answer for a re-import, on a reader (never waits for a writer). The
    // transaction below checks again: another import may insert the same bytes meanwhile.
    auto existing = m_library.withReader([&](SQLite::Database& db) -> Result<std::optional<Photo>> {
        return PhotoRepository(db).findBySha(photo.sha256);
    });
    if (!existing) {
        return rejected(reportName, existing.error().message);
    }
    if (*existing) {
        return ImportReport{reportName, ImportOutcome::AlreadyPresent,
                            alreadyPresentMessage(**existing), *existing};
    }

    // The object goes in first so no row ever names missing bytes. It is never deleted here,
    // even when the transaction fails: a concurrent import of the same bytes may have found it
    // (put() == false) and be about to refer to it. An orphan is harmless (see PhotoStore).
    auto stored = m_library.store().put(photo.sha256, bytesRef);
    if (!stored) {
        return rejected(reportName, stored.error().message);
    }
    auto inserted = m_library.withDatabase([&](SQLite::Database& db) -> Result<Inserted> {
        // IMMEDIATE: the check below and the insert are one step for other processes too.
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        PatientRepository patients(db);
        WoundRepository wounds(db);
        PhotoRepository photos(db);
        if (auto raced = photos.findBySha(photo.sha256)) {
            return Inserted{*raced, false};  // tx rolls back; nothing was written
        }
        Patient patient;
        if (auto found = patients.findByExternalId(target.patientExternalId)) {
            patient = *found;
        } else {
            patient.externalId = target.patientExternalId;
            patient.displayName = target.patientDisplayName.empty() ? target.patientExternalId
                                                                    : target.patientDisplayName;
            patient.id = patients.insert(patient);
            appendAudit(db, target.actor, "patient.create", "patient", patient.id,
                        patient.externalId);
        }
        Wound wound;
        if (auto found = wounds.find(patient.id, target.woundLabel)) {
            wound = *found;
        } else {
            wound.patientId = patient.id;
            wound.label = target.woundLabel;
            wound.details = target.woundDetails;
            wound.id = wounds.insert(wound);
            appendAudit(db, target.actor, "wound.create", "wound", wound.id, wound.label);
        }
        const bool remote =
            photo.source == PhotoSource::HomeNurse || photo.source == PhotoSource::Patient;
        photo.woundId = wound.id;
        photo.visitId = photos.ensureVisit(patient.id, photo.capturedAt.substr(0, 10),
                                           remote ? "remote" : "clinic");
        photo.id = photos.insert(photo);
        appendAudit(db, target.actor, "photo.import", "photo", photo.id,
                    fmt::format("{} sha256={}", photo.originalName, photo.sha256));
        tx.commit();
        return Inserted{*photos.findById(photo.id), true};
    });
    if (!inserted) {
        return rejected(reportName, inserted.error().message);
    }
    if (!inserted->created) {
        return ImportReport{reportName, ImportOutcome::AlreadyPresent,
                            alreadyPresentMessage(inserted->photo), inserted->photo};
    }
    return ImportReport{reportName, ImportOutcome::Imported, "imported", inserted->photo};
}

std::vector<ImportReport> PhotoImporter::importPaths(const std::vector<fs::path>& paths,
                                                     const ImportTarget& target,
                                                     const ImportProgress& progress,
                                                     std::stop_token stop) {
    const std::vector<fs::path> files = expandImportPaths(paths);
    std::vector<ImportReport> reports;
    reports.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (stop.stop_requested()) {
            break;
        }
        reports.push_back(importFile(files[i], target));
        if (progress) {
            progress(i + 1, files.size());
        }
    }
    return reports;
}

}  // namespace cicatrix::library
