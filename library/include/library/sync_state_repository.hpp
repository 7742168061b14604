// What the library knows about its sync with each server (migration 5): the DICOM identity of
// photos (photo_instances: a photo is its SOP Instance UID(s) and, in the store, the sha256 of its
// bytes), what each server holds as last seen (sync_server_instances, with deletions marked, never
// applied to local photos), the outbox of photos to push, the per-patient sync state and each
// server's change-feed cursor. Call inside Library::withDatabase (writes) or withReader (reads).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "library/error.hpp"

namespace cicatrix::library {

// A DICOM instance that is (one of) a photo's identities. origin: "local" (UIDs we gave a photo
// imported here, kept so that a re-push is idempotent) or "pulled" (received from a server).
struct PhotoInstance {
    std::string sopInstanceUid;
    std::int64_t photoId = 0;
    std::string studyUid, seriesUid, sopClassUid;
    std::string origin = "pulled";
};

// An instance a server was seen holding. photoId empty when it was ignored (not a photo, or
// refused: `detail` says why). deletedOnServerAt set by a reconciliation that no longer saw it.
struct ServerInstance {
    std::int64_t serverId = 0;
    std::string sopInstanceUid;
    std::string studyUid, seriesUid, patientExternalId;
    std::optional<std::int64_t> photoId;
    std::string status = "synced";  // synced | ignored
    std::string detail;
    std::optional<std::string> deletedOnServerAt;
};

struct OutboxItem {
    std::int64_t id = 0;
    std::int64_t serverId = 0;
    std::int64_t photoId = 0;
    std::string kind = "photo";  // photo | segmentation
    int attempts = 0;
    std::optional<std::string> lastError;
    std::optional<std::string> nextAttemptAt;
};

enum class PatientSyncState { UpToDate, Pending, Failing };
[[nodiscard]] std::string_view toString(PatientSyncState state);  // up_to_date|pending|failing

struct PatientSyncStatus {
    std::int64_t serverId = 0;
    std::string serverName;
    std::string patientExternalId;
    PatientSyncState state = PatientSyncState::Pending;
    std::string lastError;
    std::optional<std::string> lastSuccessAt;
    std::string updatedAt;
};

struct ServerSyncState {
    std::int64_t serverId = 0;
    std::optional<std::int64_t> changesCursor;  // Orthanc /changes: last sequence consumed
    std::optional<std::string> lastFullReconcileAt;
    std::optional<std::string> lastSyncAt;
    std::string lastResult;  // "ok", "incomplete" or "failed"
    std::string lastError;
};

class SyncStateRepository {
  public:
    explicit SyncStateRepository(SQLite::Database& db) : m_db(db) {}

    // Photo identity.
    [[nodiscard]] std::optional<std::int64_t> photoForSop(std::string_view sopInstanceUid) const;
    [[nodiscard]] std::optional<PhotoInstance> instanceOfPhoto(std::int64_t photoId) const;
    // Any photo instance of the same wound in the same study (to push a photo into the series
    // its visit already has on the server), else of the same patient and capture date.
    [[nodiscard]] std::optional<PhotoInstance> siblingInstance(std::int64_t photoId) const;
    void addPhotoInstance(const PhotoInstance& instance);  // no-op when the UID is known

    // Server holdings.
    [[nodiscard]] bool serverKnows(std::int64_t serverId, std::string_view sopInstanceUid) const;
    void recordServerInstance(const ServerInstance& instance);  // upsert; clears a deleted mark
    [[nodiscard]] std::vector<ServerInstance> serverInstances(std::int64_t serverId) const;
    // Marks the given UIDs deleted on the server (now); returns how many were newly marked.
    int markDeletedOnServer(std::int64_t serverId, const std::vector<std::string>& sopInstanceUids);
    // Photos whose every known instance is marked deleted on some server (shown to the user).
    [[nodiscard]] std::vector<std::int64_t> photosDeletedOnServer() const;

    // Outbox. enqueueMissing adds every photo in the server's scope that the server is not known
    // to hold (and that was not deleted there); returns how many were added.
    int enqueueMissing(std::int64_t serverId);
    [[nodiscard]] std::vector<OutboxItem> outbox(std::int64_t serverId, bool dueOnly) const;
    void outboxDone(std::int64_t itemId);
    void outboxFailed(std::int64_t itemId, const std::string& error,
                      const std::string& nextAttemptAt);

    // Per-patient state.
    void setPatientState(std::int64_t serverId, const std::string& patientExternalId,
                         PatientSyncState state, const std::string& lastError);
    [[nodiscard]] std::vector<PatientSyncStatus> patientStates() const;  // every server

    // Per-server state.
    [[nodiscard]] ServerSyncState serverState(std::int64_t serverId) const;
    void saveServerState(const ServerSyncState& state);

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
