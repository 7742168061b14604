// SQL for photo_instances, sync_server_instances, sync_outbox, sync_patient_state and
// sync_server_state (migration 5).
#include "library/sync_state_repository.hpp"
#include "sqlite_columns.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace cicatrix::library {

namespace {
void bindOptional(SQLite::Statement& q, int index, const std::optional<std::string>& value) {
    value ? q.bind(index, *value) : q.bind(index);
}

PhotoInstance readInstance(SQLite::Statement& q) {
    return PhotoInstance{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                         q.getColumn(2).getString(), q.getColumn(3).getString(),
                         q.getColumn(4).getString(), q.getColumn(5).getString()};
}

constexpr const char* kInstanceColumns =
    "SELECT sop_instance_uid, photo_id, study_uid, series_uid, sop_class_uid, origin "
    "FROM photo_instances ";

PatientSyncState stateFromString(const std::string& text) {
    if (text == "up_to_date")
        return PatientSyncState::UpToDate;
    if (text == "failing")
        return PatientSyncState::Failing;
    return PatientSyncState::Pending;
}
}  // namespace

std::string_view toString(PatientSyncState state) {
    switch (state) {
        case PatientSyncState::UpToDate:
            return "up_to_date";
        case PatientSyncState::Pending:
            return "pending";
        case PatientSyncState::Failing:
            return "failing";
    }
    return "pending";
}

std::optional<std::int64_t> SyncStateRepository::photoForSop(
    std::string_view sopInstanceUid) const {
    SQLite::Statement q(m_db, "SELECT photo_id FROM photo_instances WHERE sop_instance_uid = ?");
    q.bind(1, std::string(sopInstanceUid));
    if (!q.executeStep())
        return std::nullopt;
    return q.getColumn(0).getInt64();
}

std::optional<PhotoInstance> SyncStateRepository::instanceOfPhoto(std::int64_t photoId) const {
    // The local identity first (the one a push uses), else the first pulled one.
    SQLite::Statement q(m_db,
                        std::string(kInstanceColumns) +
                            "WHERE photo_id = ? ORDER BY origin = 'local' DESC, rowid LIMIT 1");
    q.bind(1, photoId);
    if (!q.executeStep())
        return std::nullopt;
    return readInstance(q);
}

std::optional<PhotoInstance> SyncStateRepository::siblingInstance(std::int64_t photoId) const {
    // Same wound and same visit: its series; else same patient and visit: its study.
    SQLite::Statement sameSeries(m_db, std::string(kInstanceColumns) + R"(
        WHERE photo_id IN (SELECT o.id FROM photos o JOIN photos p ON p.id = ?
                           WHERE o.id <> p.id AND o.wound_id = p.wound_id
                             AND o.visit_id IS p.visit_id)
        ORDER BY rowid LIMIT 1)");
    sameSeries.bind(1, photoId);
    if (sameSeries.executeStep())
        return readInstance(sameSeries);
    SQLite::Statement sameStudy(m_db, std::string(kInstanceColumns) + R"(
        WHERE photo_id IN (SELECT o.id FROM photos o
                           JOIN photos p ON p.id = ?
                           JOIN wounds ow ON ow.id = o.wound_id
                           JOIN wounds pw ON pw.id = p.wound_id
                           WHERE o.id <> p.id AND ow.patient_id = pw.patient_id
                             AND o.visit_id IS p.visit_id)
        ORDER BY rowid LIMIT 1)");
    sameStudy.bind(1, photoId);
    if (!sameStudy.executeStep())
        return std::nullopt;
    PhotoInstance study = readInstance(sameStudy);
    study.seriesUid.clear();  // another wound: a series of its own in the same study
    return study;
}

void SyncStateRepository::addPhotoInstance(const PhotoInstance& instance) {
    SQLite::Statement q(m_db,
                        "INSERT OR IGNORE INTO photo_instances (sop_instance_uid, photo_id, "
                        "study_uid, series_uid, sop_class_uid, origin) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, instance.sopInstanceUid);
    q.bind(2, instance.photoId);
    q.bind(3, instance.studyUid);
    q.bind(4, instance.seriesUid);
    q.bind(5, instance.sopClassUid);
    q.bind(6, instance.origin);
    q.exec();
}

bool SyncStateRepository::serverKnows(std::int64_t serverId,
                                      std::string_view sopInstanceUid) const {
    SQLite::Statement q(m_db,
                        "SELECT 1 FROM sync_server_instances WHERE server_id = ? AND "
                        "sop_instance_uid = ? AND deleted_on_server_at IS NULL");
    q.bind(1, serverId);
    q.bind(2, std::string(sopInstanceUid));
    return q.executeStep();
}

void SyncStateRepository::recordServerInstance(const ServerInstance& i) {
    SQLite::Statement q(m_db, R"(
        INSERT INTO sync_server_instances (server_id, sop_instance_uid, study_uid, series_uid,
                                           patient_external_id, photo_id, status, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (server_id, sop_instance_uid) DO UPDATE SET
            study_uid = excluded.study_uid, series_uid = excluded.series_uid,
            patient_external_id = excluded.patient_external_id,
            photo_id = COALESCE(excluded.photo_id, photo_id), status = excluded.status,
            detail = excluded.detail, deleted_on_server_at = NULL,
            last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    q.bind(1, i.serverId);
    q.bind(2, i.sopInstanceUid);
    q.bind(3, i.studyUid);
    q.bind(4, i.seriesUid);
    q.bind(5, i.patientExternalId);
    i.photoId ? q.bind(6, *i.photoId) : q.bind(6);
    q.bind(7, i.status);
    q.bind(8, i.detail);
    q.exec();
}

std::vector<ServerInstance> SyncStateRepository::serverInstances(std::int64_t serverId) const {
    SQLite::Statement q(m_db, R"(
        SELECT server_id, sop_instance_uid, study_uid, series_uid, patient_external_id, photo_id,
               status, detail, deleted_on_server_at
        FROM sync_server_instances WHERE server_id = ? ORDER BY sop_instance_uid)");
    q.bind(1, serverId);
    std::vector<ServerInstance> out;
    while (q.executeStep()) {
        ServerInstance i;
        i.serverId = q.getColumn(0).getInt64();
        i.sopInstanceUid = q.getColumn(1).getString();
        i.studyUid = q.getColumn(2).getString();
        i.seriesUid = q.getColumn(3).getString();
        i.patientExternalId = q.getColumn(4).getString();
        if (!q.getColumn(5).isNull())
            i.photoId = q.getColumn(5).getInt64();
        i.status = q.getColumn(6).getString();
        i.detail = q.getColumn(7).getString();
        i.deletedOnServerAt = optionalText(q.getColumn(8));
        out.push_back(std::move(i));
    }
    return out;
}

int SyncStateRepository::markDeletedOnServer(std::int64_t serverId,
                                             const std::vector<std::string>& sopInstanceUids) {
    int marked = 0;
    SQLite::Statement q(m_db,
                        "UPDATE sync_server_instances SET deleted_on_server_at = "
                        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE server_id = ? AND "
                        "sop_instance_uid = ? AND deleted_on_server_at IS NULL");
    for (const std::string& uid : sopInstanceUids) {
        q.bind(1, serverId);
        q.bind(2, uid);
        marked += q.exec();
        q.reset();
    }
    return marked;
}

std::vector<std::int64_t> SyncStateRepository::photosDeletedOnServer() const {
    SQLite::Statement q(m_db, R"(
        SELECT DISTINCT photo_id FROM sync_server_instances s
        WHERE photo_id IS NOT NULL AND deleted_on_server_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sync_server_instances t
                          WHERE t.photo_id = s.photo_id AND t.server_id = s.server_id
                            AND t.deleted_on_server_at IS NULL)
        ORDER BY photo_id)");
    std::vector<std::int64_t> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
}

int SyncStateRepository::enqueueMissing(std::int64_t serverId) {
    // Photos of patients in the server's scope that the server was never seen holding (a photo
    // deleted there keeps its row, marked, and is not pushed back).
    SQLite::Statement q(m_db, R"(
        INSERT OR IGNORE INTO sync_outbox (server_id, photo_id, kind)
        SELECT s.id, p.id, 'photo'
        FROM sync_servers s, photos p
        JOIN wounds w ON w.id = p.wound_id
        JOIN patients pa ON pa.id = w.patient_id
        WHERE s.id = ?
          AND (s.all_patients = 1 OR EXISTS (SELECT 1 FROM sync_server_patients sp
                                            WHERE sp.server_id = s.id
                                              AND sp.patient_external_id = pa.external_id))
          AND NOT EXISTS (SELECT 1 FROM sync_server_instances si
                          WHERE si.server_id = s.id AND si.photo_id = p.id))");
    q.bind(1, serverId);
    return q.exec();
}

std::vector<OutboxItem> SyncStateRepository::outbox(std::int64_t serverId, bool dueOnly) const {
    SQLite::Statement q(m_db, std::string(R"(
        SELECT id, server_id, photo_id, kind, attempts, last_error, next_attempt_at
        FROM sync_outbox WHERE server_id = ?)") +
                                  (dueOnly ? " AND (next_attempt_at IS NULL OR next_attempt_at <= "
                                             "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                                           : "") +
                                  " ORDER BY id");
    q.bind(1, serverId);
    std::vector<OutboxItem> out;
    while (q.executeStep()) {
        out.push_back(OutboxItem{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                                 q.getColumn(2).getInt64(), q.getColumn(3).getString(),
                                 q.getColumn(4).getInt(), optionalText(q.getColumn(5)),
                                 optionalText(q.getColumn(6))});
    }
    return out;
}

void SyncStateRepository::outboxDone(std::int64_t itemId) {
    SQLite::Statement q(m_db, "DELETE FROM sync_outbox WHERE id = ?");
    q.bind(1, itemId);
    q.exec();
}

void SyncStateRepository::outboxFailed(std::int64_t itemId, const std::string& error,
                                       const std::string& nextAttemptAt) {
    SQLite::Statement q(m_db,
                        "UPDATE sync_outbox SET attempts = attempts + 1, last_error = ?, "
                        "next_attempt_at = ? WHERE id = ?");
    q.bind(1, error);
    q.bind(2, nextAttemptAt);
    q.bind(3, itemId);
    q.exec();
}

void SyncStateRepository::setPatientState(std::int64_t serverId,
                                          const std::string& patientExternalId,
                                          PatientSyncState state, const std::string& lastError) {
    SQLite::Statement q(m_db, R"(
        INSERT INTO sync_patient_state (server_id, patient_external_id, state, last_error,
                                        last_success_at)
        VALUES (?1, ?2, ?3, ?4, CASE WHEN ?3 = 'up_to_date'
                                     THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END)
        ON CONFLICT (server_id, patient_external_id) DO UPDATE SET
            state = excluded.state, last_error = excluded.last_error,
            last_success_at = COALESCE(excluded.last_success_at, last_success_at),
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    q.bind(1, serverId);
    q.bind(2, patientExternalId);
    q.bind(3, std::string(toString(state)));
    q.bind(4, lastError);
    q.exec();
}

std::vector<PatientSyncStatus> SyncStateRepository::patientStates() const {
    SQLite::Statement q(m_db, R"(
        SELECT st.server_id, s.name, st.patient_external_id, st.state, st.last_error,
               st.last_success_at, st.updated_at
        FROM sync_patient_state st JOIN sync_servers s ON s.id = st.server_id
        ORDER BY st.patient_external_id, s.name)");
    std::vector<PatientSyncStatus> out;
    while (q.executeStep()) {
        PatientSyncStatus p;
        p.serverId = q.getColumn(0).getInt64();
        p.serverName = q.getColumn(1).getString();
        p.patientExternalId = q.getColumn(2).getString();
        p.state = stateFromString(q.getColumn(3).getString());
        p.lastError = q.getColumn(4).getString();
        p.lastSuccessAt = optionalText(q.getColumn(5));
        p.updatedAt = q.getColumn(6).getString();
        out.push_back(std::move(p));
    }
    return out;
}

ServerSyncState SyncStateRepository::serverState(std::int64_t serverId) const {
    SQLite::Statement q(m_db, R"(
        SELECT changes_cursor, last_full_reconcile_at, last_sync_at, last_result, last_error
        FROM sync_server_state WHERE server_id = ?)");
    q.bind(1, serverId);
    ServerSyncState s;
    s.serverId = serverId;
    if (q.executeStep()) {
        if (!q.getColumn(0).isNull())
            s.changesCursor = q.getColumn(0).getInt64();
        s.lastFullReconcileAt = optionalText(q.getColumn(1));
        s.lastSyncAt = optionalText(q.getColumn(2));
        s.lastResult = q.getColumn(3).getString();
        s.lastError = q.getColumn(4).getString();
    }
    return s;
}

void SyncStateRepository::saveServerState(const ServerSyncState& s) {
    SQLite::Statement q(m_db, R"(
        INSERT INTO sync_server_state (server_id, changes_cursor, last_full_reconcile_at,
                                       last_sync_at, last_result, last_error)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (server_id) DO UPDATE SET
            changes_cursor = excluded.changes_cursor,
            last_full_reconcile_at = excluded.last_full_reconcile_at,
            last_sync_at = excluded.last_sync_at, last_result = excluded.last_result,
            last_error = excluded.last_error)");
    q.bind(1, s.serverId);
    s.changesCursor ? q.bind(2, *s.changesCursor) : q.bind(2);
    bindOptional(q, 3, s.lastFullReconcileAt);
    bindOptional(q, 4, s.lastSyncAt);
    q.bind(5, s.lastResult);
    q.bind(6, s.lastError);
    q.exec();
}

}  // namespace cicatrix::library
