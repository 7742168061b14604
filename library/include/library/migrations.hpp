// Versioned schema migrations (assets/sql/NNN_name.sql, embedded at build time).
// The database's PRAGMA user_version is the number of the last migration applied.
#pragma once

#include <span>
#include <string_view>

#include "library/error.hpp"

namespace SQLite {
class Database;
}

namespace cicatrix::library {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

// Every migration shipped in this binary, in version order (1, 2, …).
[[nodiscard]] std::span<const Migration> embeddedMigrations();

// Applies the migrations above the database's version, each in its own transaction.
// Refuses a database whose version is newer than this binary knows. Returns the final version.
[[nodiscard]] Result<int> migrate(SQLite::Database& db, std::span<const Migration> migrations);

}  // namespace cicatrix::library
