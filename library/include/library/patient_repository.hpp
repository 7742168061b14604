// Patients aggregate. Call inside Library::withDatabase (not thread-safe on its own).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "library/records.hpp"

namespace cicatrix::library {

class PatientRepository {
  public:
    explicit PatientRepository(SQLite::Database& db) : m_db(db) {}

    // Patients whose name or external id contains `search` (case-insensitive), by display name.
    [[nodiscard]] std::vector<PatientSummary> list(const std::string& search = {}) const;
    [[nodiscard]] std::optional<Patient> findByExternalId(const std::string& externalId) const;
    [[nodiscard]] std::optional<Patient> findById(std::int64_t id) const;
    std::int64_t insert(const Patient& patient);

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
