// Migration runner: one transaction per migration, user_version bumped inside it.
#include "library/migrations.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace cicatrix::library {

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
            SQLite::Transaction tx(db);
            db.exec(std::string(m.sql));
            db.exec(fmt::format("PRAGMA user_version = {}", m.version));
            tx.commit();
            current = m.version;
        }
        return current;
    } catch (const SQLite::Exception& e) {
        return fail(ErrorCode::Database, fmt::format("schema migration failed: {}", e.what()));
    }
}

}  // namespace cicatrix::library
