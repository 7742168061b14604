// Telemonitoring enrolments and the quarantine of photos whose token did not hold (migration 7).
// An enrolment is a signed token's record (its nonce is the id); quarantine items keep a refused
// photo's bytes (in the photo store) and why, until a user files or discards them. Every change
// is an audit row. Call inside Library::withDatabase (writes) or withReader (reads).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "library/error.hpp"
#include "library/records.hpp"

namespace cicatrix::library {

struct Enrolment {
    std::int64_t id = 0;
    std::string nonce;  // the token's own id (hex)
    std::int64_t patientId = 0;
    std::int64_t woundId = 0;
    std::string token;
    std::string createdBy;
    std::string createdAt;  // YYYY-MM-DDTHH:MM:SSZ
    std::string expiresAt;  // YYYY-MM-DDTHH:MM:SSZ
    std::optional<std::string> revokedAt, revokedBy;
};

// How a quarantined photo arrived.
enum class ArrivalPath { Import, Sync };
[[nodiscard]] std::string_view toString(ArrivalPath path);

struct QuarantineItem {
    std::int64_t id = 0;
    std::string sha256;
    std::string originalName;
    std::string mediaType;  // image/jpeg | image/png
    std::int64_t byteSize = 0;
    PhotoSource photoSource = PhotoSource::Patient;  // home_nurse | patient
    ArrivalPath arrivedVia = ArrivalPath::Import;
    std::optional<std::string> sopInstanceUid;
    std::string token;
    std::string claimedPatient;  // patient external id claimed (by the token or the sender)
    std::string claimedWound;    // wound label claimed
    std::optional<std::string> capturedAt;  // YYYY-MM-DDTHH:MM:SS when known
    std::string reason;  // forged | expired | revoked | wrong_patient | wrong_wound | malformed |
                         // unknown_enrolment | no_token
    std::string detail;  // the sentence shown to the user
    std::string receivedAt;
    std::optional<std::string> resolution;  // filed | discarded
    std::optional<std::string> resolvedBy, resolvedAt;
    std::optional<std::int64_t> filedPhotoId;
};

class EnrolmentRepository {
  public:
    explicit EnrolmentRepository(SQLite::Database& db) : m_db(db) {}

    // Records a new enrolment (id, revocation ignored); returns its id. Audit 'enrolment.create'.
    std::int64_t create(const Enrolment& enrolment);
    [[nodiscard]] std::optional<Enrolment> findByNonce(const std::string& nonce) const;
    [[nodiscard]] std::vector<Enrolment> listForWound(std::int64_t woundId) const;
    // Revokes it at `at` (YYYY-MM-DDTHH:MM:SSZ). NotFound for an unknown nonce, InvalidInput when
    // already revoked. Audit 'enrolment.revoke'.
    [[nodiscard]] Result<void> revoke(const std::string& nonce, const std::string& actor,
                                      const std::string& at);

    // Adds a quarantine item (id, receivedAt and resolution ignored); returns its id.
    // Audit 'quarantine.add' by `actor`.
    std::int64_t addQuarantined(const QuarantineItem& item, const std::string& actor);
    // Items by arrival; only the unresolved ones unless `includeResolved`.
    [[nodiscard]] std::vector<QuarantineItem> listQuarantine(bool includeResolved = false) const;
    [[nodiscard]] std::optional<QuarantineItem> findQuarantined(std::int64_t id) const;
    // Resolves an open item. NotFound for an unknown id, InvalidInput when already resolved or
    // the user is empty. Audit 'quarantine.file' / 'quarantine.discard'.
    [[nodiscard]] Result<void> markFiled(std::int64_t id, std::int64_t photoId,
                                         const std::string& user);
    [[nodiscard]] Result<void> markDiscarded(std::int64_t id, const std::string& user);

  private:
    [[nodiscard]] Result<void> resolve(std::int64_t id, const char* resolution,
                                       std::optional<std::int64_t> photoId,
                                       const std::string& user);

    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
