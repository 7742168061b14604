// A Cicatrix library: a folder holding library.db (SQLite, WAL) and the content-addressed photo
// store, plus a disk cache of thumbnails. Opening it applies pending schema migrations.
// Thread-safe: database access is serialised through withDatabase().
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "library/error.hpp"
#include "library/photo_store.hpp"

namespace cicatrix::library {

class Library {
  public:
    enum class OpenMode { CreateIfMissing, MustExist };

    [[nodiscard]] static Result<std::unique_ptr<Library>> open(
        const std::filesystem::path& dir, OpenMode mode = OpenMode::CreateIfMissing);

    [[nodiscard]] const std::filesystem::path& root() const { return m_root; }
    [[nodiscard]] std::filesystem::path databasePath() const { return m_root / "library.db"; }
    [[nodiscard]] std::filesystem::path thumbnailDir() const {
        return m_root / "cache" / "thumbnails";
    }
    [[nodiscard]] PhotoStore& store() { return m_store; }
    [[nodiscard]] const PhotoStore& store() const { return m_store; }
    [[nodiscard]] int schemaVersion() const { return m_schemaVersion; }

    // Runs f(SQLite::Database&) -> Result<T> under the library's lock; SQLite exceptions become
    // ErrorCode::Database.
    template <typename F>
    auto withDatabase(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
        std::scoped_lock lock(m_mutex);
        try {
            return f(*m_db);
        } catch (const SQLite::Exception& e) {
            return fail(ErrorCode::Database, std::string("library database: ") + e.what());
        }
    }

  private:
    Library(std::filesystem::path root, std::unique_ptr<SQLite::Database> db, int schemaVersion);

    std::filesystem::path m_root;
    std::unique_ptr<SQLite::Database> m_db;
    PhotoStore m_store;
    int m_schemaVersion;
    std::mutex m_mutex;
};

}  // namespace cicatrix::library
