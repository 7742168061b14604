// Intent rows around photo-store writes; recovery checks the writer's process with kill(pid, 0).
#include "library/pending_objects.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "library/library.hpp"

namespace cicatrix::library {

namespace fs = std::filesystem;

namespace {
bool processIsGone(std::int64_t pid) {
    if (pid == ::getpid())
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

struct Intent {
    std::int64_t id = 0;
    std::string sha256;
    std::int64_t pid = 0;
};

// Temp files of writeFileAtomically are ".<name>.tmp-<pid>-<n>" beside the target.
void removeTempFiles(const fs::path& target, std::int64_t pid) {
    const std::string prefix = fmt::format(".{}.tmp-{}-", target.filename().string(), pid);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
        if (entry.path().filename().string().starts_with(prefix))
            fs::remove(entry.path(), ec);
    }
}
}  // namespace

Result<PendingObject> putPendingObject(Library& library, std::string_view sha256,
                                       std::span<const std::uint8_t> bytes, Durability durability) {
    auto id = library.withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        SQLite::Statement q(db, "INSERT INTO pending_objects (sha256, pid) VALUES (?, ?)");
        q.bind(1, std::string(sha256));
        q.bind(2, static_cast<std::int64_t>(::getpid()));
        q.exec();
        return db.getLastInsertRowid();
    });
    if (!id)
        return std::unexpected(id.error());
    auto wrote = library.store().put(sha256, bytes, durability);
    if (!wrote)
        return std::unexpected(wrote.error());  // the intent stays: recovery checks the object
    return PendingObject{*id, *wrote};
}

void clearPendingObject(SQLite::Database& db, std::int64_t pendingId) {
    SQLite::Statement q(db, "DELETE FROM pending_objects WHERE id = ?");
    q.bind(1, pendingId);
    q.exec();
}

Result<int> recoverPendingObjects(Library& library) {
    return library.withDatabase([&](SQLite::Database& db) -> Result<int> {
        std::vector<Intent> dead;
        {
            SQLite::Statement q(db, "SELECT id, sha256, pid FROM pending_objects ORDER BY id");
            while (q.executeStep()) {
                Intent i{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                         q.getColumn(2).getInt64()};
                if (processIsGone(i.pid))
                    dead.push_back(std::move(i));
            }
        }
        int removed = 0;
        if (dead.empty())
            return removed;
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        for (const Intent& i : dead) {
            SQLite::Statement used(
                db,
                "SELECT EXISTS (SELECT 1 FROM store_references WHERE sha256 = ?) "
                "OR EXISTS (SELECT 1 FROM pending_objects WHERE sha256 = ? "
                "AND id <> ?)");
            used.bind(1, i.sha256);
            used.bind(2, i.sha256);
            used.bind(3, i.id);
            used.executeStep();
            const fs::path object = library.store().pathFor(i.sha256);
            if (used.getColumn(0).getInt() == 0) {
                std::error_code ec;
                if (fs::remove(object, ec))
                    ++removed;
                if (ec) {
                    return fail(ErrorCode::Io, fmt::format("cannot remove orphan object {}: {}",
                                                           object.string(), ec.message()));
                }
            }
            removeTempFiles(object, i.pid);
            clearPendingObject(db, i.id);
        }
        tx.commit();
        return removed;
    });
}

}  // namespace cicatrix::library
