// Photos and the visits they belong to. Call inside Library::withDatabase (writes, or reads that
// must see them) or Library::withReader (reads).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "library/records.hpp"

namespace cicatrix::library {

class PhotoRepository {
  public:
    explicit PhotoRepository(SQLite::Database& db) : m_db(db) {}

    // A wound's photos in capture order (the timeline). Uses the (wound_id, captured_at) index.
    [[nodiscard]] std::vector<Photo> timeline(std::int64_t woundId) const;
    // Every photo of the library, by wound then capture time (then id).
    [[nodiscard]] std::vector<Photo> listAll() const;
    // Photos that have no analysis yet, oldest import (lowest id) first.
    [[nodiscard]] std::vector<Photo> listWithoutAnalysis() const;
    [[nodiscard]] std::optional<Photo> findBySha(const std::string& sha256) const;
    [[nodiscard]] std::optional<Photo> findById(std::int64_t id) const;
    [[nodiscard]] std::int64_t count() const;
    std::int64_t insert(const Photo& photo);

    // The visit of `patientId` on `date` of `kind`, created when missing.
    std::int64_t ensureVisit(std::int64_t patientId, const std::string& date,
                             const std::string& kind);
    [[nodiscard]] std::vector<Visit> visitsForWound(std::int64_t woundId) const;

  private:
    SQLite::Database& m_db;
};

// Appends an audit row: who did what to which entity. Call inside the same transaction as the
// change.
void appendAudit(SQLite::Database& db, const std::string& actor, const std::string& action,
                 const std::string& entity, std::int64_t entityId, const std::string& detail);

}  // namespace cicatrix::library
