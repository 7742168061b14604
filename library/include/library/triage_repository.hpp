// Teleconsultation triage (migration 7): the alerts the healing-trend rules raised, stored per
// wound; the inbox of photos from home (source home_nurse or patient) waiting for a decision,
// ranked by alert severity then waiting time; and the decisions, a history never changed.
// A photo leaves the inbox when a decision on its wound is recorded on a photo that arrived at
// or after it (imported_at, then photo id): deciding on the newest photo covers the earlier ones
// the nurse saw with it; a photo arriving later waits for its own decision. Decisions and alert
// changes write audit rows. Call inside Library::withDatabase (writes) or withReader (reads).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "library/error.hpp"
#include "library/records.hpp"

namespace cicatrix::library {

enum class TriageDecision { NoAction, Advice, TreatmentAdjusted, Consultation };
// no_action | advice | treatment_adjusted | consultation (the CLI's and the table's words).
[[nodiscard]] std::string_view toString(TriageDecision decision);
[[nodiscard]] std::optional<TriageDecision> triageDecisionFromString(std::string_view text);
// "Reviewed – no action", "Advice sent", "Treatment adjusted", "Consultation proposed".
[[nodiscard]] std::string_view displayName(TriageDecision decision);

// An alert as the rules raise it now (input of syncAlerts).
struct NewAlert {
    std::int64_t photoId = 0;  // the photo whose analysis raised it
    std::string kind;  // stalled_healing | area_increase | necrosis_rising | periwound_redness
    int severity = 1;  // 3 possible infection, 2 worsening, 1 stalled
    std::string title;
    std::string explanation;
};

struct StoredAlert {
    std::int64_t id = 0;
    std::int64_t woundId = 0;
    std::int64_t photoId = 0;
    std::string kind;
    int severity = 1;
    std::string title, explanation, raisedAt;
    std::optional<std::string> clearedAt;
};

// Severity of an alert kind (the one mapping; unknown kinds are 1).
[[nodiscard]] int alertSeverity(std::string_view kind);

struct TriageDecisionRecord {
    std::int64_t id = 0;
    std::int64_t woundId = 0;
    std::int64_t photoId = 0;
    TriageDecision decision = TriageDecision::NoAction;
    std::string note, decidedBy, decidedAt;
};

struct InboxItem {
    Photo photo;
    std::int64_t patientId = 0;
    std::string patientExternalId, patientName;
    std::int64_t woundId = 0;
    std::string woundLabel, woundSite;
    int severity = 0;                 // highest open alert of the wound, 0 = none
    std::vector<StoredAlert> alerts;  // open alerts of the wound, most severe first
    double waitingHours = 0;          // since the photo arrived (imported_at) until `now`
    // What to compare with: the wound's last photo a clinician reviewed that was captured no
    // later than this one: a photo decided on in triage, or a photo not from home (clinic,
    // imported); the latest captured of those. None for a first photo.
    std::optional<std::int64_t> lastReviewedPhotoId;
    std::optional<TriageDecisionRecord> lastDecision;
};

class TriageRepository {
  public:
    explicit TriageRepository(SQLite::Database& db) : m_db(db) {}

    // Makes the wound's open alerts equal to `current`: new (kind, photo) pairs inserted, open
    // ones no longer raised get cleared_at = now. Returns how many were newly raised.
    std::size_t syncAlerts(std::int64_t woundId, const std::vector<NewAlert>& current);
    [[nodiscard]] std::vector<StoredAlert> openAlerts(std::int64_t woundId) const;

    // The ranked inbox: severity descending, then waiting time descending, then photo id.
    // nowUtc: "YYYY-MM-DDTHH:MM:SSZ" (injected for tests; the app passes the clock's time).
    [[nodiscard]] std::vector<InboxItem> inbox(std::string_view nowUtc) const;

    // Records a decision on an inbox item (decided_at = the database's clock). Refused
    // (InvalidInput, the rule in words): an empty user; a photo that is not from home; a photo no
    // longer in the inbox ("already reviewed on … by …"); an empty note for any decision but
    // no_action (advice, a treatment change or a consultation must say what). NotFound: no such
    // photo. Audit row written in the same transaction.
    Result<TriageDecisionRecord> decide(std::int64_t photoId, TriageDecision decision,
                                        const std::string& note, const std::string& user);
    // The wound's decisions, oldest first.
    [[nodiscard]] std::vector<TriageDecisionRecord> decisionsForWound(std::int64_t woundId) const;

  private:
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
