// Opening a library folder: create the layout, open SQLite in WAL mode with foreign keys, migrate.
#include "library/library.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "library/migrations.hpp"

namespace cicatrix::library {

namespace fs = std::filesystem;

Library::Library(fs::path root, std::unique_ptr<SQLite::Database> db, int schemaVersion)
    : m_root(std::move(root)),
      m_db(std::move(db)),
      m_store(m_root),
      m_schemaVersion(schemaVersion) {}

Result<std::unique_ptr<Library>> Library::open(const fs::path& dir, OpenMode mode) {
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
        db->setBusyTimeout(5000);
        db->exec("PRAGMA journal_mode = WAL");
        db->exec("PRAGMA synchronous = NORMAL");
        db->exec("PRAGMA foreign_keys = ON");
        auto version = migrate(*db, embeddedMigrations());
        if (!version) {
            return std::unexpected(version.error());
        }
        return std::unique_ptr<Library>(new Library(fs::absolute(dir), std::move(db), *version));
    } catch (const SQLite::Exception& e) {
        return fail(ErrorCode::Database,
                    fmt::format("cannot open {}: {}", dbPath.string(), e.what()));
    }
}

}  // namespace cicatrix::library
