// SQL for the active_model row and its audit trail.
#include "library/active_model_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>
#include <fmt/format.h>

#include "library/photo_repository.hpp"

namespace cicatrix::library {

namespace {
bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}
}  // namespace

std::optional<ActiveModel> ActiveModelRepository::get() const {
    SQLite::Statement q(m_db,
                        "SELECT model_name, model_version, model_dir, activated_by, activated_at "
                        "FROM active_model WHERE id = 1");
    if (!q.executeStep())
        return std::nullopt;
    return ActiveModel{q.getColumn(0).getString(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), q.getColumn(3).getString(),
                       q.getColumn(4).getString()};
}

Result<ActiveModel> ActiveModelRepository::set(const std::string& modelName,
                                               const std::string& modelVersion,
                                               const std::string& modelDir,
                                               const std::string& user) {
    if (blank(user))
        return fail(ErrorCode::InvalidInput, "activating a model needs a user (--as NAME)");
    if (blank(modelName) || blank(modelVersion) || blank(modelDir))
        return fail(ErrorCode::InvalidInput, "a model needs a name, a version and a folder");
    SQLite::Savepoint tx(m_db, "active_model");  // nests in a caller's transaction
    SQLite::Statement q(m_db, R"(
        INSERT OR REPLACE INTO active_model (id, model_name, model_version, model_dir, activated_by)
        VALUES (1, ?, ?, ?, ?))");
    q.bind(1, modelName);
    q.bind(2, modelVersion);
    q.bind(3, modelDir);
    q.bind(4, user);
    q.exec();
    appendAudit(m_db, user, "model.activate", "active_model", 1,
                fmt::format("{} {} ({})", modelName, modelVersion, modelDir));
    tx.release();
    return *get();
}

Result<bool> ActiveModelRepository::clear(const std::string& user) {
    if (blank(user))
        return fail(ErrorCode::InvalidInput, "deactivating a model needs a user (--as NAME)");
    SQLite::Savepoint tx(m_db, "active_model");
    const auto previous = get();
    if (!previous)
        return false;
    m_db.exec("DELETE FROM active_model WHERE id = 1");
    appendAudit(
        m_db, user, "model.deactivate", "active_model", 1,
        fmt::format("{} {} → the shipped model", previous->modelName, previous->modelVersion));
    tx.release();
    return true;
}

}  // namespace cicatrix::library
