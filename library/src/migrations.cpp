// Migration runner: one transaction per migration, user_version bumped inside it.
#include "library/migrations.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace cicatrix::library {

namespace {
// The first line of a migration that rebuilds tables (see migrate).
constexpr std::string_view kRebuildsTablesMarker = "-- cicatrix:rebuilds-tables";
}  // namespace

Result<int> migrate(SQLite::Database& db, std::span<const Migration> migrations) {
    try {
        int current = db.execAndGet("PRAGMA user_version").getInt();
        const int newest = migrations.empty() ? 0 : migrations.back().version;
        if (current > newest) {
            return fail(
                ErrorCode::Database,
                fmt::format(
                    "library schema version {} is newer than this Cicatrix understands ({}); "
                    "update Cicatrix to open it",
                    current, newest));
        }
        for (const Migration& m : migrations) {
            if (m.version <= current) {
                continue;
            }
            if (m.version != current + 1) {
                return fail(ErrorCode::Database,
                            fmt::format("migration {} is missing", current + 1));
            }
            // A migration that rebuilds a table others refer to (SQLite's 12-step procedure)
            // runs with foreign keys off — a pragma that cannot change inside a transaction —
            // and must leave no violation behind (foreign_key_check before the commit).
            const bool rebuild = m.sql.find(kRebuildsTablesMarker) != std::string_view::npos;
            const bool foreignKeys = db.execAndGet("PRAGMA foreign_keys").getInt() != 0;
            if (rebuild && foreignKeys)
                db.exec("PRAGMA foreign_keys = OFF");
            try {
                SQLite::Transaction tx(db);
                db.exec(std::string(m.sql));
                if (rebuild) {
                    SQLite::Statement violations(db, "PRAGMA foreign_key_check");
                    if (violations.executeStep()) {
                        throw SQLite::Exception(
                            fmt::format("migration {} leaves a row of {} pointing at a missing {}",
                                        m.version, violations.getColumn(0).getString(),
                                        violations.getColumn(2).getString()));
                    }
                }
                db.exec(fmt::format("PRAGMA user_version = {}", m.version));
                tx.commit();
            } catch (...) {
                if (rebuild && foreignKeys)
                    db.exec("PRAGMA foreign_keys = ON");
                throw;
            }
            if (rebuild && foreignKeys)
                db.exec("PRAGMA foreign_keys = ON");
            current = m.version;
        }
        return current;
    } catch (const SQLite::Exception& e) {
        return fail(ErrorCode::Database, fmt::format("schema migration failed: {}", e.what()));
    }
}

}  // namespace cicatrix::library
