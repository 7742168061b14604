// SQL for sync_servers and sync_server_patients.
#include "library/sync_server_repository.hpp"
#include "sqlite_columns.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace cicatrix::library {

namespace {
constexpr const char* kColumns =
    "id, name, url, auth_kind, username, credential_source, all_patients FROM sync_servers";

SyncServer read(SQLite::Statement& q, SQLite::Database& db) {
    SyncServer s;
    s.id = q.getColumn(0).getInt64();
    s.name = q.getColumn(1).getString();
    s.url = q.getColumn(2).getString();
    s.authKind = q.getColumn(3).getString();
    s.username = optionalText(q.getColumn(4));
    s.credentialSource = optionalText(q.getColumn(5));
    s.allPatients = q.getColumn(6).getInt() != 0;
    SQLite::Statement patients(db,
                               "SELECT patient_external_id FROM sync_server_patients WHERE "
                               "server_id = ? ORDER BY patient_external_id");
    patients.bind(1, s.id);
    while (patients.executeStep()) s.patientIds.push_back(patients.getColumn(0).getString());
    return s;
}
}  // namespace

Result<std::int64_t> SyncServerRepository::add(const SyncServer& server) {
    if (findByName(server.name)) {
        return fail(ErrorCode::InvalidInput,
                    "a server named \"" + server.name + "\" already exists");
    }
    SQLite::Transaction tx(m_db);
    SQLite::Statement q(m_db,
                        "INSERT INTO sync_servers (name, url, auth_kind, username, "
                        "credential_source, all_patients) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, server.name);
    q.bind(2, server.url);
    q.bind(3, server.authKind);
    server.username ? q.bind(4, *server.username) : q.bind(4);
    server.credentialSource ? q.bind(5, *server.credentialSource) : q.bind(5);
    q.bind(6, server.allPatients ? 1 : 0);
    q.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    for (const std::string& patient : server.patientIds) {
        SQLite::Statement p(m_db,
                            "INSERT OR IGNORE INTO sync_server_patients (server_id, "
                            "patient_external_id) VALUES (?, ?)");
        p.bind(1, id);
        p.bind(2, patient);
        p.exec();
    }
    tx.commit();
    return id;
}

Result<void> SyncServerRepository::remove(const std::string& name) {
    SQLite::Statement q(m_db, "DELETE FROM sync_servers WHERE name = ?");
    q.bind(1, name);
    if (q.exec() == 0)
        return fail(ErrorCode::NotFound, "no server named \"" + name + "\"");
    return {};
}

std::vector<SyncServer> SyncServerRepository::list() const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + " ORDER BY name");
    std::vector<SyncServer> out;
    while (q.executeStep()) out.push_back(read(q, m_db));
    return out;
}

std::optional<SyncServer> SyncServerRepository::findByName(const std::string& name) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + " WHERE name = ?");
    q.bind(1, name);
    if (!q.executeStep())
        return std::nullopt;
    return read(q, m_db);
}

}  // namespace cicatrix::library
