// Opening a library folder: create the layout, open SQLite in WAL mode with foreign keys, migrate.
// Read-only reader connections are opened on demand and kept in a small idle pool.
#include "library/library.hpp"
#include "library/pending_objects.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "library/migrations.hpp"

namespace cicatrix::library {

namespace fs = std::filesystem;

namespace {
// Idle readers kept open; more may be open at once, the extra ones close when returned.
constexpr std::size_t kMaxIdleReaders = 4;
}  // namespace

ErrorCode errorCodeForSqlite(int sqliteResultCode) {
    switch (sqliteResultCode & 0xFF) {  // the primary code of an extended one
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return ErrorCode::Busy;
        case SQLITE_IOERR:
        case SQLITE_FULL:
            return ErrorCode::Io;
        default:
            return ErrorCode::Database;
    }
}

Error databaseError(const SQLite::Exception& e) {
    const ErrorCode code =
        e.getErrorCode() < 0 ? ErrorCode::Database : errorCodeForSqlite(e.getExtendedErrorCode());
    if (code == ErrorCode::Busy) {
        return Error{code, fmt::format("the library database is busy (another program or task is "
                                       "writing to it); try again: {}",
                                       e.what())};
    }
    return Error{code, fmt::format("library database: {}", e.what())};
}

Library::Library(fs::path root, std::unique_ptr<SQLite::Database> writer, int schemaVersion,
                 std::chrono::milliseconds busyTimeout)
    : m_root(std::move(root)),
      m_writer(std::move(writer)),
      m_store(m_root),
      m_schemaVersion(schemaVersion),
      m_busyTimeout(busyTimeout) {}

Result<std::unique_ptr<Library>> Library::open(const fs::path& dir, OpenMode mode,
                                               std::chrono::milliseconds busyTimeout) {
    std::error_code ec;
    const fs::path dbPath = dir / "library.db";
    if (!fs::exists(dbPath, ec)) {
        if (mode == OpenMode::MustExist) {
            return fail(ErrorCode::NotFound,
                        fmt::format("{} is not a Cicatrix library (no library.db)", dir.string()));
        }
        fs::create_directories(dir, ec);
        if (ec) {
            return fail(ErrorCode::Io, fmt::format("cannot create library folder {}: {}",
                                                   dir.string(), ec.message()));
        }
    }
    try {
        auto db = std::make_unique<SQLite::Database>(
            dbPath.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
        db->setBusyTimeout(static_cast<int>(busyTimeout.count()));
        db->exec("PRAGMA journal_mode = WAL");
        db->exec("PRAGMA synchronous = NORMAL");
        db->exec("PRAGMA foreign_keys = ON");
        auto version = migrate(*db, embeddedMigrations());
        if (!version) {
            return std::unexpected(version.error());
        }
        std::unique_ptr<Library> library(
            new Library(fs::absolute(dir), std::move(db), *version, busyTimeout));
        // After a crash: objects a dead process stored but never referenced are removed.
        // A busy library (another process writing) is recovered by a later open.
        if (auto recovered = recoverPendingObjects(*library);
            !recovered && recovered.error().code != ErrorCode::Busy)
            return std::unexpected(recovered.error());
        return library;
    } catch (const SQLite::Exception& e) {
        Error error = databaseError(e);
        error.message = fmt::format("cannot open {}: {}", dbPath.string(), e.what());
        return std::unexpected(std::move(error));
    }
}

std::unique_ptr<SQLite::Database> Library::openReader() const {
    // The writer connection stays open for the library's lifetime, so the WAL and its shared
    // memory file exist and a read-only connection can use them.
    auto db = std::make_unique<SQLite::Database>(databasePath().string(),
                                                 SQLite::OPEN_READONLY | SQLite::OPEN_FULLMUTEX);
    db->setBusyTimeout(static_cast<int>(m_busyTimeout.count()));
    return db;
}

Library::ReaderLease::ReaderLease(Library& library) : m_library(library) {
    {
        std::scoped_lock lock(m_library.m_readersMutex);
        if (!m_library.m_idleReaders.empty()) {
            m_db = std::move(m_library.m_idleReaders.back());
            m_library.m_idleReaders.pop_back();
        }
    }
    if (!m_db) {
        m_db = m_library.openReader();  // may throw SQLite::Exception: withReader maps it
    }
}

Library::ReaderLease::~ReaderLease() {
    // A reader left inside a transaction would keep an old snapshot: close it instead.
    if (m_db->getHandle() == nullptr || sqlite3_get_autocommit(m_db->getHandle()) == 0) {
        return;
    }
    std::scoped_lock lock(m_library.m_readersMutex);
    if (m_library.m_idleReaders.size() < kMaxIdleReaders) {
        m_library.m_idleReaders.push_back(std::move(m_db));
    }
}

}  // namespace cicatrix::library
