// Import pipeline: read → probe → EXIF → strict full decode → hash → store → one transaction.
#include "library/photo_importer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "library/content_hash.hpp"
#include "library/photo_file.hpp"
#include "library/patient_repository.hpp"
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

bool isValidIsoDateTime(const std::string& text) {
    return text.size() == 19 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
           text[13] == ':' && text[16] == ':';
}

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
    if (target.patientExternalId.empty() || target.woundLabel.empty()) {
        return rejected(file, "a patient id and a wound id are required");
    }
    if (target.capturedAtOverride && !isValidIsoDateTime(*target.capturedAtOverride)) {
        return rejected(file, "capture time must be YYYY-MM-DDTHH:MM:SS");
    }
    // Every pixel is decoded once so damaged files never enter the library.
    auto loaded = loadPhotoFile(file, m_limits);
    if (!loaded) {
        return rejected(file, loaded.error().message);
    }
    const std::vector<std::uint8_t>& bytesRef = loaded->bytes;
    const ExifInfo& exif = loaded->exif;

    Photo photo;
    photo.sha256 = sha256Hex(bytesRef);
    photo.width = loaded->upright.cols;
    photo.height = loaded->upright.rows;
    loaded->upright.release();
    photo.exifOrientation = exif.orientation;
    photo.mediaType = mediaType(loaded->header.format);
    photo.byteSize = static_cast<std::int64_t>(bytesRef.size());
    photo.originalName = file.filename().string();
    photo.source = target.source;
    if (target.capturedAtOverride) {
        photo.capturedAt = *target.capturedAtOverride;
        photo.captureTimeSource = CaptureTimeSource::Manual;
    } else if (exif.dateTimeOriginal) {
        photo.capturedAt = *exif.dateTimeOriginal;
        photo.captureTimeSource = CaptureTimeSource::Exif;
    } else if (auto ft = fileTimeIso(file)) {
        photo.capturedAt = *ft;
        photo.captureTimeSource = CaptureTimeSource::FileTime;
    } else {
        return rejected(file, "no capture time: no EXIF date and the file time is unreadable");
    }

    auto existing =
        m_library.withDatabase([&](SQLite::Database& db) -> Result<std::optional<Photo>> {
            return PhotoRepository(db).findBySha(photo.sha256);
        });
    if (!existing) {
        return rejected(file, existing.error().message);
    }
    if (*existing) {
        return ImportReport{
            file, ImportOutcome::AlreadyPresent,
            fmt::format(
                "already in the library (photo {} of wound {}, imported {}); nothing changed",
                (*existing)->id, (*existing)->woundId, (*existing)->importedAt),
            *existing};
    }

    auto stored = m_library.store().put(photo.sha256, bytesRef);
    if (!stored) {
        return rejected(file, stored.error().message);
    }
    const bool wroteObject = *stored;
    auto inserted = m_library.withDatabase([&](SQLite::Database& db) -> Result<Photo> {
        SQLite::Transaction tx(db);
        PatientRepository patients(db);
        WoundRepository wounds(db);
        PhotoRepository photos(db);
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
        return *photos.findById(photo.id);
    });
    if (!inserted) {
        if (wroteObject) {
            m_library.store().discardUnreferenced(photo.sha256);
        }
        return rejected(file, inserted.error().message);
    }
    return ImportReport{file, ImportOutcome::Imported, "imported", *inserted};
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
