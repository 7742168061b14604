// The DICOMweb servers a library syncs with (table sync_servers, migration 4). The repository
// stores where a secret is read, never the secret. Call inside Library::withDatabase/withReader.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "library/error.hpp"

namespace cicatrix::library {

struct SyncServer {
    std::int64_t id = 0;
    std::string name;
    std::string url;
    std::string authKind = "none";  // none | basic | bearer
    std::optional<std::string> username;
    std::optional<std::string> credentialSource;  // a file path or "env:NAME"
    bool allPatients = true;
    std::vector<std::string> patientIds;  // when !allPatients
};

class SyncServerRepository {
  public:
    explicit SyncServerRepository(SQLite::Database& db) : m_db(db) {}

    // Adds a server with its patient list (one transaction). InvalidInput when the name is taken.
    [[nodiscard]] Result<std::int64_t> add(const SyncServer& server);
    // Removes a server and everything the library kept about it (sync state, outbox; not the
    // photos). NotFound when no server has that name.
    [[nodiscard]] Result<void> remove(const std::string& name);
    [[nodiscard]] std::vector<SyncServer> list() const;
    [[nodiscard]] std::optional<SyncServer> findByName(const std::string& name) const;

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
