// Analyses (append-only) and manual calibrations. Call inside Library::withDatabase.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <vector>

#include "library/records.hpp"

namespace cicatrix::library {

// An analysis with where its photo sits (for trends).
struct PlacedAnalysis {
    std::int64_t patientId = 0;
    std::int64_t woundId = 0;
    std::string capturedAt;
    Analysis analysis;
};

class AnalysisRepository {
  public:
    explicit AnalysisRepository(SQLite::Database& db) : m_db(db) {}

    std::int64_t insert(const Analysis& analysis);
    [[nodiscard]] std::vector<Analysis> forPhoto(std::int64_t photoId) const;  // oldest first
    [[nodiscard]] std::optional<Analysis> latestForPhoto(std::int64_t photoId) const;
    // The latest analysis of each photo of a wound, in capture order.
    [[nodiscard]] std::vector<PlacedAnalysis> latestForWound(std::int64_t woundId) const;
    // The same for every wound of the library, ordered by wound then capture time.
    [[nodiscard]] std::vector<PlacedAnalysis> latestForAllWounds() const;

    std::int64_t insertCalibration(const ManualCalibration& calibration);
    [[nodiscard]] std::optional<ManualCalibration> latestCalibration(std::int64_t photoId) const;

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
