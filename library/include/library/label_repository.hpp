// Label versions and their review workflow (migration 6). A version is never overwritten: AI
// draft → in progress → submitted (annotator) → approved (a reviewer who is not the annotator) or
// sent back with a comment; a correction of an approved label is a new version, reviewed again.
// Every action is an audit row with its user. Workflow refusals are InvalidInput with the rule in
// words. Call inside Library::withDatabase (writes, inside the caller's transaction or alone) or
// withReader (reads).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "library/error.hpp"

namespace cicatrix::library {

enum class LabelStatus { AiDraft, InProgress, Submitted, Approved, SentBack };
[[nodiscard]] std::string_view toString(LabelStatus status);  // ai_draft, in_progress, …
[[nodiscard]] std::optional<LabelStatus> labelStatusFromString(std::string_view text);

struct LabelVersion {
    std::int64_t id = 0;
    std::int64_t photoId = 0;
    int version = 0;
    std::optional<std::int64_t> parentId;
    LabelStatus status = LabelStatus::InProgress;
    std::string labelsSha256;
    std::string source = "manual";  // model | manual | import
    std::optional<std::string> modelName, modelVersion;
    std::string createdBy, createdAt;
    std::optional<std::string> submittedBy, submittedAt, reviewedBy, reviewedAt;
    std::string reviewComment;
};

struct NewLabelVersion {
    std::int64_t photoId = 0;
    std::optional<std::int64_t> parentId;
    LabelStatus status = LabelStatus::InProgress;  // AiDraft, InProgress or Submitted
    std::string labelsSha256;
    std::string source = "manual";
    std::optional<std::string> modelName, modelVersion;
    std::string user;
};

// A photo waiting for an approved label, for the annotation queue.
struct QueueItem {
    std::int64_t photoId = 0;
    std::string patientExternalId;
    std::string woundLabel;
    std::string etiology;
    std::optional<LabelVersion> latest;       // none yet: only the AI's analysis, if any
    std::optional<double> modelUncertainty;   // latest model analysis' border uncertainty
    std::optional<std::string> modelVersion;  // of that analysis
};

struct QueueFilter {
    std::optional<std::string> patientExternalId;
    std::optional<std::string> etiology;
    std::optional<std::string> modelVersion;
    std::optional<LabelStatus> status;  // of the latest version (none: any, or no version yet)
};

class LabelRepository {
  public:
    explicit LabelRepository(SQLite::Database& db) : m_db(db) {}

    void ensureUser(const std::string& name);
    [[nodiscard]] std::vector<std::string> users() const;

    // The next version of the photo's label (version = last + 1). NotFound for an unknown photo;
    // InvalidInput for an empty user or a status other than AiDraft/InProgress/Submitted.
    [[nodiscard]] Result<LabelVersion> add(const NewLabelVersion& version);
    // in_progress → submitted, by its author.
    [[nodiscard]] Result<LabelVersion> submit(std::int64_t id, const std::string& user);
    // submitted → approved; refused when the reviewer submitted it.
    [[nodiscard]] Result<LabelVersion> approve(std::int64_t id, const std::string& reviewer);
    // submitted → sent back, with a comment (required).
    [[nodiscard]] Result<LabelVersion> sendBack(std::int64_t id, const std::string& reviewer,
                                                const std::string& comment);

    [[nodiscard]] std::optional<LabelVersion> find(std::int64_t id) const;
    [[nodiscard]] std::vector<LabelVersion> forPhoto(std::int64_t photoId) const;  // by version
    [[nodiscard]] std::optional<LabelVersion> latestApproved(std::int64_t photoId) const;
    // Every version (optionally only those with this status), by photo then version.
    [[nodiscard]] std::vector<LabelVersion> list(
        std::optional<LabelStatus> status = std::nullopt) const;
    // Latest version of every photo (optionally only those with this status), by photo id.
    [[nodiscard]] std::vector<LabelVersion> latestPerPhoto(
        std::optional<LabelStatus> status = std::nullopt) const;
    // Photos without an approved label, most uncertain model outline first (then by photo id).
    [[nodiscard]] std::vector<QueueItem> queue(const QueueFilter& filter = {}) const;

  private:
    [[nodiscard]] Result<LabelVersion> transition(std::int64_t id, LabelStatus from, LabelStatus to,
                                                  const std::string& user,
                                                  const std::string& comment);
    SQLite::Database& m_db;
};

}  // namespace cicatrix::library
