// Push: the outbox (photos of patients in the server's scope that it is not known to hold) is
// filled, then drained with one STOW-RS request per photo. A photo gets its DICOM UIDs once,
// committed before its first upload (the study and series of its visit and wound when the library
// already knows them), so a re-push after a crash stores the same instance. A failure stays in the
// outbox with its error and the time of the next attempt (exponential backoff).
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <ctime>

#include "library/dates.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_repository.hpp"
#include "library/sync_state_repository.hpp"
#include "library/wound_repository.hpp"
#include "sync/dicom_photo.hpp"
#include "sync/stow.hpp"
#include "sync_session.hpp"

namespace cicatrix::sync {

namespace lib = cicatrix::library;

namespace {


std::chrono::seconds outboxBackoff(int attempts) {
    return std::min(std::chrono::seconds(3600),
                    std::chrono::seconds(30) * (1 << std::min(attempts, 7)));
}

struct PushSource {
    lib::Photo photo;
    lib::Wound wound;
    lib::Patient patient;
    lib::PhotoInstance instance;
};

// The photo, its wound and patient, and its DICOM identity (assigned and committed if new).
lib::Result<PushSource> loadSource(lib::Library& library, std::int64_t photoId) {
    return library.withDatabase([&](SQLite::Database& db) -> lib::Result<PushSource> {
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        PushSource s;
        auto photo = lib::PhotoRepository(db).findById(photoId);
        if (!photo)
            return lib::fail(lib::ErrorCode::NotFound, fmt::format("photo {} is gone", photoId));
        s.photo = *photo;
        s.wound = *lib::WoundRepository(db).findById(photo->woundId);
        s.patient = *lib::PatientRepository(db).findById(s.wound.patientId);
        lib::SyncStateRepository repo(db);
        if (auto known = repo.instanceOfPhoto(photoId)) {
            s.instance = *known;
            return s;
        }
        const auto sibling = repo.siblingInstance(photoId);
        s.instance.photoId = photoId;
        s.instance.studyUid = sibling ? sibling->studyUid : generateUid();
        s.instance.seriesUid =
            sibling && !sibling->seriesUid.empty() ? sibling->seriesUid : generateUid();
        s.instance.sopInstanceUid = generateUid();
        s.instance.sopClassUid = kVlPhotographicImageStorage;
        s.instance.origin = "local";
        repo.addPhotoInstance(s.instance);
        tx.commit();
        return s;
    });
}

lib::Result<std::vector<std::uint8_t>> encode(lib::Library& library, const PushSource& s) {
    auto bytes = library.store().read(s.photo.sha256);
    if (!bytes)
        return std::unexpected(bytes.error());
    DicomPhotoToEncode e;
    e.uids = {s.instance.studyUid, s.instance.seriesUid, s.instance.sopInstanceUid};
    e.patient = {s.patient.externalId, s.patient.displayName, s.patient.birthDate.value_or("")};
    e.captureTimeIso = s.photo.capturedAt;
    e.captureTimeApproximate =
        s.photo.captureTimeSource == lib::CaptureTimeSource::FileTime ||
        s.photo.captureTimeSource == lib::CaptureTimeSource::DicomApproximate;
    e.studyDescription = "Wound care";
    e.seriesDescription = s.wound.label;
    e.anatomicSite = s.wound.details.anatomicalSite;
    e.laterality = s.wound.details.laterality;
    e.photoSource = std::string(lib::toString(s.photo.source));
    e.mediaType = s.photo.mediaType;
    e.imageBytes = *bytes;
    auto dicom = encodeDicomPhoto(e);
    if (!dicom)
        return lib::fail(lib::ErrorCode::InvalidInput, dicom.error().message);
    return std::move(*dicom);
}

}  // namespace

SyncResult<void> pushOutbox(SyncSession& s, std::map<std::string, std::string>& failedPatients) {
    const std::int64_t serverId = s.server.id;
    auto items = s.library.withDatabase(
        [&](SQLite::Database& db) -> lib::Result<std::vector<lib::OutboxItem>> {
            lib::SyncStateRepository repo(db);
            repo.enqueueMissing(serverId);
            return repo.outbox(serverId, s.options.respectOutboxBackoff);
        });
    if (!items)
        return syncFail(SyncErrorCode::Library, items.error().message);
    s.reportProgress(SyncProgress::Phase::Pushing, 0, items->size());
    std::size_t done = 0;
    for (const lib::OutboxItem& item : *items) {
        if (s.stop.stop_requested())
            return syncFail(SyncErrorCode::Cancelled, "sync stopped");
        std::string patientId;
        auto fail = [&](const std::string& why) {
            ++s.report.pushFailed;
            s.report.errors.push_back(fmt::format("push of photo {}: {}", item.photoId, why));
            if (!patientId.empty())
                failedPatients[patientId] = why;
            (void)s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
                lib::SyncStateRepository(db).outboxFailed(item.id, why,
                                                          lib::utcTimestamp(outboxBackoff(item.attempts)));
                return {};
            });
        };
        auto source = loadSource(s.library, item.photoId);
        if (!source) {
            fail(source.error().message);
            continue;
        }
        patientId = source->patient.externalId;
        auto dicom = encode(s.library, *source);
        if (!dicom) {
            fail(dicom.error().message);
            continue;
        }
        const StowInstance instance{source->instance.sopInstanceUid,
                                    std::string(dicom->begin(), dicom->end())};
        auto stored = s.retrying(
            [&] { return storeInstances(s.client, s.root, std::span(&instance, 1), s.stop); });
        if (!stored) {
            fail(stored.error().message);
            if (stored.error().retryable() || stored.error().code == SyncErrorCode::Unauthorized ||
                stored.error().code == SyncErrorCode::Cancelled) {
                // The server is gone: count the rest as still queued.
                s.report.pushFailed += items->size() - done - 1;
                return std::unexpected(stored.error());
            }
            continue;
        }
        s.report.bytesSent += instance.dicom.size();
        auto recorded = s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
            SQLite::Transaction tx(db);
            lib::SyncStateRepository repo(db);
            repo.recordServerInstance({serverId, source->instance.sopInstanceUid,
                                       source->instance.studyUid, source->instance.seriesUid,
                                       patientId, item.photoId, "synced", "", std::nullopt});
            repo.outboxDone(item.id);
            tx.commit();
            return {};
        });
        if (!recorded)
            return syncFail(SyncErrorCode::Library, recorded.error().message);
        ++s.report.pushed;
        s.reportProgress(SyncProgress::Phase::Pushing, ++done, items->size());
    }
    return {};
}

}  // namespace cicatrix::sync
