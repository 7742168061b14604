// A Cicatrix library: a folder holding library.db (SQLite, WAL) and the content-addressed photo
// store, plus a disk cache of thumbnails. Opening it applies pending schema migrations.
// Thread-safe: writes are serialised on one connection (withDatabase); reads run on a small pool
// of read-only connections (withReader) and never queue behind a writer (WAL).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "library/error.hpp"
#include "library/photo_store.hpp"

namespace cicatrix::library {

// How long a connection waits for another connection's lock before failing with Busy.
inline constexpr std::chrono::milliseconds kDefaultBusyTimeout{5000};

// The library's error code for an SQLite result code (primary or extended): SQLITE_BUSY and
// SQLITE_LOCKED are Busy (retryable), I/O and a full disk are Io (retryable), anything else
// (constraint, corrupt file, misuse, SQLiteCpp's own errors) is Database (permanent).
// Thread-safe (pure).
[[nodiscard]] ErrorCode errorCodeForSqlite(int sqliteResultCode);
// An Error for an SQLite exception, with its code mapped as above.
[[nodiscard]] Error databaseError(const SQLite::Exception& e);

class Library {
  public:
    enum class OpenMode { CreateIfMissing, MustExist };

    [[nodiscard]] static Result<std::unique_ptr<Library>> open(
        const std::filesystem::path& dir, OpenMode mode = OpenMode::CreateIfMissing,
        std::chrono::milliseconds busyTimeout = kDefaultBusyTimeout);

    [[nodiscard]] const std::filesystem::path& root() const { return m_root; }
    [[nodiscard]] std::filesystem::path databasePath() const { return m_root / "library.db"; }
    [[nodiscard]] std::filesystem::path thumbnailDir() const {
        return m_root / "cache" / "thumbnails";
    }
    [[nodiscard]] PhotoStore& store() { return m_store; }
    [[nodiscard]] const PhotoStore& store() const { return m_store; }
    [[nodiscard]] int schemaVersion() const { return m_schemaVersion; }

    // The writer: runs f(SQLite::Database&) -> Result<T> on the one read-write connection, under
    // the writer lock (one writer at a time). Use it for anything that writes, and for reads that
    // must see the writer's own uncommitted changes. SQLite exceptions become an Error
    // (databaseError: Busy, Io or Database). Thread-safe.
    template <typename F>
    auto withDatabase(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
        std::scoped_lock lock(m_writerMutex);
        try {
            return f(*m_writer);
        } catch (const SQLite::Exception& e) {
            return std::unexpected(databaseError(e));
        }
    }
    // Another name for withDatabase, for call sites that want to say it.
    template <typename F>
    auto withWriter(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
        return withDatabase(std::forward<F>(f));
    }

    // A reader: runs f(SQLite::Database&) -> Result<T> on a read-only connection of its own
    // (taken from a small pool, opened when none is free). It sees the last committed state and
    // never waits for a writer, even one holding a long transaction; writing through it fails.
    // SQLite exceptions become an Error as for withDatabase. Thread-safe.
    template <typename F>
    auto withReader(F&& f) -> decltype(f(std::declval<SQLite::Database&>())) {
        try {
            ReaderLease lease(*this);
            return f(lease.db());
        } catch (const SQLite::Exception& e) {
            return std::unexpected(databaseError(e));
        }
    }

  private:
    // A read-only connection borrowed from the pool for one withReader call.
    class ReaderLease {
      public:
        explicit ReaderLease(Library& library);
        ~ReaderLease();
        ReaderLease(const ReaderLease&) = delete;
        ReaderLease& operator=(const ReaderLease&) = delete;
        [[nodiscard]] SQLite::Database& db() { return *m_db; }

      private:
        Library& m_library;
        std::unique_ptr<SQLite::Database> m_db;
    };

    Library(std::filesystem::path root, std::unique_ptr<SQLite::Database> writer, int schemaVersion,
            std::chrono::milliseconds busyTimeout);

    std::unique_ptr<SQLite::Database> openReader() const;

    std::filesystem::path m_root;
    std::unique_ptr<SQLite::Database> m_writer;
    PhotoStore m_store;
    int m_schemaVersion;
    std::chrono::milliseconds m_busyTimeout;
    std::mutex m_writerMutex;
    std::mutex m_readersMutex;  // guards m_idleReaders only; never held while running f
    std::vector<std::unique_ptr<SQLite::Database>> m_idleReaders;
};

}  // namespace cicatrix::library
