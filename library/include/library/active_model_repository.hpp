// The segmentation model a library uses for new analyses (table active_model, migration 6: one
// row, absent = the shipped model). Activating one replaces the row and appends an audit row with
// the user; clearing it goes back to the shipped model. Call inside Library::withDatabase (writes)
// or withReader (reads).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>

#include "library/error.hpp"

namespace cicatrix::library {

struct ActiveModel {
    std::string modelName;
    std::string modelVersion;
    std::string modelDir;  // absolute folder holding model.pt and model_card.json
    std::string activatedBy;
    std::string activatedAt;
};

class ActiveModelRepository {
  public:
    explicit ActiveModelRepository(SQLite::Database& db) : m_db(db) {}

    [[nodiscard]] std::optional<ActiveModel> get() const;
    // InvalidInput when a field or the user is blank. activatedAt is set by the database.
    [[nodiscard]] Result<ActiveModel> set(const std::string& modelName,
                                          const std::string& modelVersion,
                                          const std::string& modelDir, const std::string& user);
    // Back to the shipped model; false when none was active.
    [[nodiscard]] Result<bool> clear(const std::string& user);

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
