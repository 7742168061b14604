// Helpers of the sync robustness tests (sync_robustness_test.cpp, sync_broken_peer_test.cpp): a
// scratch folder, a library with one configured server, and what to check in it afterwards
// (table counts, SOP Instance UIDs, integrity, objects nothing refers to). Tests only.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "library/library.hpp"
#include "library/sync_server_repository.hpp"
#include "support/orthanc_server.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/qido.hpp"
#include "sync/sync_engine.hpp"

namespace cicatrix::sync::robust {

namespace fs = std::filesystem;
namespace lib = cicatrix::library;
using test::OrthancServer;

class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "cicatrix-robust-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

inline std::string writeSecret(const fs::path& file, const std::string& secret) {
    std::ofstream(file) << secret << "\n";
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    return file.string();
}

inline std::unique_ptr<lib::Library> openLibrary(const fs::path& dir) {
    auto library = lib::Library::open(dir);
    if (!library)
        throw std::runtime_error(library.error().message);
    return std::move(*library);
}

inline void addServer(lib::Library& library, const std::string& url,
                      std::optional<std::string> passwordFile, std::vector<std::string> patients) {
    lib::SyncServer server;
    server.name = "pacs";
    server.url = url;
    if (passwordFile) {
        server.authKind = "basic";
        server.username = "cicatrix";
        server.credentialSource = std::move(passwordFile);
    }
    server.allPatients = patients.empty();
    server.patientIds = std::move(patients);
    auto added = library.withDatabase(
        [&](SQLite::Database& db) { return lib::SyncServerRepository(db).add(server); });
    if (!added)
        throw std::runtime_error(added.error().message);
}

inline std::int64_t count(lib::Library& library, const std::string& table) {
    auto n = library.withReader([&](SQLite::Database& db) -> lib::Result<std::int64_t> {
        return db.execAndGet("SELECT COUNT(*) FROM " + table).getInt64();
    });
    return n ? *n : -1;
}

inline std::set<std::string> localSopUids(lib::Library& library) {
    auto uids = library.withReader([&](SQLite::Database& db) -> lib::Result<std::set<std::string>> {
        std::set<std::string> out;
        SQLite::Statement q(db, "SELECT sop_instance_uid FROM photo_instances");
        while (q.executeStep()) out.insert(q.getColumn(0).getString());
        return out;
    });
    return uids ? *uids : std::set<std::string>{};
}

inline std::string integrity(lib::Library& library) {
    auto result = library.withReader([&](SQLite::Database& db) -> lib::Result<std::string> {
        return db.execAndGet("PRAGMA integrity_check").getString();
    });
    return result ? *result : result.error().message;
}

// Files under the library's photo store that no row refers to (orphans) or that are temp files.
inline std::vector<std::string> strayObjects(lib::Library& library) {
    auto referenced =
        library.withReader([&](SQLite::Database& db) -> lib::Result<std::set<std::string>> {
            std::set<std::string> out;
            SQLite::Statement q(db, "SELECT sha256 FROM store_references");
            while (q.executeStep()) out.insert(q.getColumn(0).getString());
            return out;
        });
    std::vector<std::string> stray;
    const fs::path objects = library.root() / "objects";
    if (!referenced || !fs::exists(objects))
        return stray;
    for (const auto& entry : fs::recursive_directory_iterator(objects)) {
        if (entry.is_regular_file() && !referenced->contains(entry.path().filename().string()))
            stray.push_back(entry.path().string());
    }
    return stray;
}

// Every path under `dir` (relative), for before/after comparisons.
inline std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        out.insert(fs::relative(entry.path(), dir).string());
    return out;
}

inline std::set<std::string> serverSopUids(const OrthancServer& server,
                                           const std::string& patient) {
    HttpClient client(seed::orthancOptions(server));
    QidoQuery q;
    q.level = QidoQuery::Level::Instances;
    q.filters.emplace_back(std::string(tag::kPatientId), patient);
    auto found = qidoSearch(client, server.dicomWebRoot(), q, 500);
    std::set<std::string> out;
    if (!found)
        return out;
    for (const DicomAttributes& a : *found) out.insert(a.first(tag::kSopInstanceUid).value_or(""));
    return out;
}

inline SyncOptions quickOptions() {
    SyncOptions o;
    o.firstBackoff = std::chrono::milliseconds(10);
    o.maxAttempts = 2;
    o.http.connectTimeout = std::chrono::milliseconds(2000);
    return o;
}

inline bool isRetryableTransport(SyncErrorCode code) {
    return code == SyncErrorCode::Unreachable || code == SyncErrorCode::Timeout ||
           code == SyncErrorCode::Truncated;
}

}  // namespace cicatrix::sync::robust
