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
#include "library/pending_objects.hpp"
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
    return localIsoDateTime(std::chrono::system_clock::to_time_t(sys));
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
    auto prepared = prepareOwned(std::move(bytes), target, metadata, reportName);
    if (!prepared) {
        return std::move(prepared.error());
    }
    if (prepared->alreadyPresent) {
        return ImportReport{reportName, ImportOutcome::AlreadyPresent,
                            alreadyPresentMessage(prepared->photo), prepared->photo};
    }
    std::vector<PreparedPhoto> one;
    one.push_back(std::move(*prepared));
    return std::move(commitPrepared(one).front());
}

std::expected<PreparedPhoto, ImportReport> PhotoImporter::prepareBytes(
    std::vector<std::uint8_t> bytes, const ImportTarget& target, const ImportMetadata& metadata) {
    return prepareOwned(std::move(bytes), target, metadata, fs::path(metadata.originalName));
}

std::expected<PreparedPhoto, ImportReport> PhotoImporter::prepareOwned(
    std::vector<std::uint8_t> bytes, const ImportTarget& target, const ImportMetadata& metadata,
    const fs::path& reportName) {
    if (auto problem = requestProblem(target, metadata)) {
        return std::unexpected(rejected(reportName, *problem));
    }
    // Every pixel is decoded once so damaged photos never enter the library.
    auto loaded = loadPhotoBytes(std::move(bytes), m_limits);
    if (!loaded) {
        return std::unexpected(rejected(reportName, loaded.error().message));
    }
    const std::vector<std::uint8_t>& bytesRef = loaded->bytes;
    const auto captured = chooseCaptureTime(target, metadata, loaded->exif);
    if (!captured) {
        return std::unexpected(
            rejected(reportName,
                     "no capture time: the photo has no EXIF date and no other "
                     "capture time is known (file time unreadable or none given)"));
    }

    PreparedPhoto prepared;
    prepared.target = target;
    prepared.reportName = reportName;
    Photo& photo = prepared.photo;
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
    // transaction in commitPrepared checks again: another import may insert the same bytes.
    auto existing = m_library.withReader([&](SQLite::Database& db) -> Result<std::optional<Photo>> {
        return PhotoRepository(db).findBySha(photo.sha256);
    });
    if (!existing) {
        return std::unexpected(rejected(reportName, existing.error().message));
    }
    if (*existing) {
        prepared.photo = **existing;
        prepared.alreadyPresent = true;
        return prepared;
    }
    // The object goes in first so no row ever names missing bytes; its intent row lets a later
    // open remove it if this process dies before the commit (pending_objects.hpp).
    auto stored = putPendingObject(m_library, photo.sha256, bytesRef, Durability::Deferred);
    if (!stored) {
        return std::unexpected(rejected(reportName, stored.error().message));
    }
    prepared.pendingObjectId = stored->id;
    prepared.wroteObject = stored->wrote;
    return prepared;
}

std::vector<ImportReport> PhotoImporter::commitPrepared(std::span<PreparedPhoto> prepared,
                                                        const CommitHook& alsoWrite) {
    // New objects reach the disk (flushed together) before any row refers to them.
    std::vector<std::string> written;
    for (const PreparedPhoto& item : prepared) {
        if (item.wroteObject) {
            written.push_back(item.photo.sha256);
        }
    }
    const Result<void> flushed =
        written.empty() ? Result<void>{} : m_library.store().flush(written);
    auto inserted =
        !flushed
            ? Result<std::vector<Inserted>>(std::unexpected(flushed.error()))
            : m_library.withDatabase([&](SQLite::Database& db) -> Result<std::vector<Inserted>> {
                  // IMMEDIATE: the checks below and the inserts are one step for other processes
                  // too.
                  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
                  PhotoRepository photos(db);
                  std::vector<Inserted> out;
                  for (std::size_t i = 0; i < prepared.size(); ++i) {
                      PreparedPhoto& item = prepared[i];
                      if (item.pendingObjectId != 0) {
                          clearPendingObject(db, item.pendingObjectId);
                      }
                      if (auto found = photos.findBySha(item.photo.sha256)) {
                          out.push_back({*found, false});
                      } else {
                          out.push_back({insertPhoto(db, item), true});
                      }
                      if (alsoWrite) {
                          alsoWrite(db, out.back().photo, i);
                      }
                  }
                  tx.commit();
                  return out;
              });
    std::vector<ImportReport> reports;
    reports.reserve(prepared.size());
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        const fs::path& name = prepared[i].reportName;
        if (!inserted) {
            reports.push_back(rejected(name, inserted.error().message));
        } else if (!(*inserted)[i].created) {
            const Photo& p = (*inserted)[i].photo;
            reports.push_back({name, ImportOutcome::AlreadyPresent, alreadyPresentMessage(p), p});
        } else {
            reports.push_back({name, ImportOutcome::Imported, "imported", (*inserted)[i].photo});
        }
    }
    return reports;
}

Photo PhotoImporter::insertPhoto(SQLite::Database& db, const PreparedPhoto& item) {
    const ImportTarget& target = item.target;
    PatientRepository patients(db);
    WoundRepository wounds(db);
    PhotoRepository photos(db);
    Photo photo = item.photo;
    Patient patient;
    if (auto found = patients.findByExternalId(target.patientExternalId)) {
        patient = *found;
    } else {
        patient.externalId = target.patientExternalId;
        patient.displayName = target.patientDisplayName.empty() ? target.patientExternalId
                                                                : target.patientDisplayName;
        patient.birthDate = target.patientBirthDate;
        patient.id = patients.insert(patient);
        appendAudit(db, target.actor, "patient.create", "patient", patient.id, patient.externalId);
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
    return *photos.findById(photo.id);
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
