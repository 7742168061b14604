// Wounds aggregate (each wound belongs to one patient). Call inside Library::withDatabase.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "library/records.hpp"

namespace cicatrix::library {

class WoundRepository {
  public:
    explicit WoundRepository(SQLite::Database& db) : m_db(db) {}

    [[nodiscard]] std::vector<WoundSummary> listForPatient(std::int64_t patientId) const;
    [[nodiscard]] std::optional<Wound> find(std::int64_t patientId, const std::string& label) const;
    [[nodiscard]] std::optional<Wound> findById(std::int64_t id) const;
    std::int64_t insert(const Wound& wound);

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
