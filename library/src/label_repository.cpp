// SQL for users and label_versions; the workflow rules are checked here and again by the schema
// (CHECKs and triggers), so a bug here cannot approve one's own label or change an approved one.
#include "library/label_repository.hpp"
#include "sqlite_columns.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>
#include <fmt/format.h>

#include <array>
#include <utility>

#include "library/photo_repository.hpp"

namespace cicatrix::library {

namespace {
constexpr std::array<std::pair<LabelStatus, std::string_view>, 5> kStatuses{{
    {LabelStatus::AiDraft, "ai_draft"},
    {LabelStatus::InProgress, "in_progress"},
    {LabelStatus::Submitted, "submitted"},
    {LabelStatus::Approved, "approved"},
    {LabelStatus::SentBack, "sent_back"},
}};

constexpr const char* kColumns =
    "id, photo_id, version, parent_id, status, labels_sha256, source, model_name, model_version, "
    "created_by, created_at, submitted_by, submitted_at, reviewed_by, reviewed_at, "
    "review_comment FROM label_versions";

LabelVersion read(SQLite::Statement& q) {
    LabelVersion v;
    v.id = q.getColumn(0).getInt64();
    v.photoId = q.getColumn(1).getInt64();
    v.version = q.getColumn(2).getInt();
    if (!q.getColumn(3).isNull())
        v.parentId = q.getColumn(3).getInt64();
    v.status = labelStatusFromString(q.getColumn(4).getString()).value_or(LabelStatus::InProgress);
    v.labelsSha256 = q.getColumn(5).getString();
    v.source = q.getColumn(6).getString();
    v.modelName = optionalText(q.getColumn(7));
    v.modelVersion = optionalText(q.getColumn(8));
    v.createdBy = q.getColumn(9).getString();
    v.createdAt = q.getColumn(10).getString();
    v.submittedBy = optionalText(q.getColumn(11));
    v.submittedAt = optionalText(q.getColumn(12));
    v.reviewedBy = optionalText(q.getColumn(13));
    v.reviewedAt = optionalText(q.getColumn(14));
    v.reviewComment = q.getColumn(15).getString();
    return v;
}

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}
}  // namespace

std::string_view toString(LabelStatus status) {
    for (const auto& [s, name] : kStatuses)
        if (s == status)
            return name;
    return "?";
}

std::optional<LabelStatus> labelStatusFromString(std::string_view text) {
    for (const auto& [s, name] : kStatuses)
        if (name == text)
            return s;
    return std::nullopt;
}

void LabelRepository::ensureUser(const std::string& name) {
    SQLite::Statement q(m_db, "INSERT OR IGNORE INTO users (name) VALUES (?)");
    q.bind(1, name);
    q.exec();
}

std::vector<std::string> LabelRepository::users() const {
    SQLite::Statement q(m_db, "SELECT name FROM users ORDER BY name");
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

Result<LabelVersion> LabelRepository::add(const NewLabelVersion& v) {
    if (blank(v.user))
        return fail(ErrorCode::InvalidInput, "a label version needs a user (--as NAME)");
    if (v.status != LabelStatus::AiDraft && v.status != LabelStatus::InProgress &&
        v.status != LabelStatus::Submitted)
        return fail(ErrorCode::InvalidInput,
                    "a new label version is an AI draft, work in progress or submitted; approval "
                    "is a review of a submitted version");
    if (!PhotoRepository(m_db).findById(v.photoId))
        return fail(ErrorCode::NotFound, fmt::format("no photo {}", v.photoId));
    SQLite::Savepoint tx(m_db, "label_version");  // nests in a caller's transaction
    ensureUser(v.user);
    SQLite::Statement q(m_db, R"(
        INSERT INTO label_versions (photo_id, version, parent_id, status, labels_sha256, source,
                                    model_name, model_version, created_by, submitted_by,
                                    submitted_at)
        VALUES (?1, (SELECT COALESCE(MAX(version), 0) + 1 FROM label_versions WHERE photo_id = ?1),
                ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                CASE WHEN ?9 IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END))");
    q.bind(1, v.photoId);
    v.parentId ? q.bind(2, *v.parentId) : q.bind(2);
    q.bind(3, std::string(toString(v.status)));
    q.bind(4, v.labelsSha256);
    q.bind(5, v.source);
    v.modelName ? q.bind(6, *v.modelName) : q.bind(6);
    v.modelVersion ? q.bind(7, *v.modelVersion) : q.bind(7);
    q.bind(8, v.user);
    v.status == LabelStatus::Submitted ? q.bind(9, v.user) : q.bind(9);
    q.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    appendAudit(m_db, v.user, "label.create", "label_version", id,
                fmt::format("photo {} status={} source={} sha256={}", v.photoId, toString(v.status),
                            v.source, v.labelsSha256));
    tx.release();
    return *find(id);
}

Result<LabelVersion> LabelRepository::transition(std::int64_t id, LabelStatus from, LabelStatus to,
                                                 const std::string& user,
                                                 const std::string& comment) {
    auto current = find(id);
    if (!current)
        return fail(ErrorCode::NotFound, fmt::format("no label version {}", id));
    if (blank(user))
        return fail(ErrorCode::InvalidInput, "a review needs a user (--as NAME)");
    if (current->status != from) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("label version {} is {}, not {}", id, toString(current->status),
                                toString(from)));
    }
    std::string sql;
    if (to == LabelStatus::Submitted) {
        if (current->createdBy != user)
            return fail(ErrorCode::InvalidInput,
                        fmt::format("only its annotator ({}) submits a label", current->createdBy));
        sql =
            "UPDATE label_versions SET status = 'submitted', submitted_by = ?1, "
            "submitted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?3";
    } else {
        if (current->submittedBy == user)
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{} submitted this label and cannot review it: another user "
                                    "must approve or send it back",
                                    user));
        if (to == LabelStatus::SentBack && blank(comment))
            return fail(ErrorCode::InvalidInput, "sending a label back needs a comment");
        sql = fmt::format(
            "UPDATE label_versions SET status = '{}', reviewed_by = ?1, review_comment = ?2, "
            "reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?3",
            toString(to));
    }
    SQLite::Savepoint tx(m_db, "label_version");  // nests in a caller's transaction
    ensureUser(user);
    SQLite::Statement q(m_db, sql);
    q.bind(1, user);
    if (to != LabelStatus::Submitted)
        q.bind(2, comment);
    q.bind(3, id);
    q.exec();
    appendAudit(m_db, user, fmt::format("label.{}", toString(to)), "label_version", id, comment);
    tx.release();
    return *find(id);
}

Result<LabelVersion> LabelRepository::submit(std::int64_t id, const std::string& user) {
    return transition(id, LabelStatus::InProgress, LabelStatus::Submitted, user, {});
}

Result<LabelVersion> LabelRepository::approve(std::int64_t id, const std::string& reviewer) {
    return transition(id, LabelStatus::Submitted, LabelStatus::Approved, reviewer, {});
}

Result<LabelVersion> LabelRepository::sendBack(std::int64_t id, const std::string& reviewer,
                                               const std::string& comment) {
    return transition(id, LabelStatus::Submitted, LabelStatus::SentBack, reviewer, comment);
}

std::optional<LabelVersion> LabelRepository::find(std::int64_t id) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + " WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep())
        return std::nullopt;
    return read(q);
}

std::vector<LabelVersion> LabelRepository::forPhoto(std::int64_t photoId) const {
    SQLite::Statement q(m_db,
                        std::string("SELECT ") + kColumns + " WHERE photo_id = ? ORDER BY version");
    q.bind(1, photoId);
    std::vector<LabelVersion> out;
    while (q.executeStep()) out.push_back(read(q));
    return out;
}

std::optional<LabelVersion> LabelRepository::latestApproved(std::int64_t photoId) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " WHERE photo_id = ? AND status = 'approved' "
                                  "ORDER BY version DESC LIMIT 1");
    q.bind(1, photoId);
    if (!q.executeStep())
        return std::nullopt;
    return read(q);
}

std::vector<LabelVersion> LabelRepository::list(std::optional<LabelStatus> status) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " WHERE (?1 IS NULL OR status = ?1) ORDER BY photo_id, version");
    status ? q.bind(1, std::string(toString(*status))) : q.bind(1);
    std::vector<LabelVersion> out;
    while (q.executeStep()) out.push_back(read(q));
    return out;
}

std::vector<LabelVersion> LabelRepository::latestPerPhoto(std::optional<LabelStatus> status) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + R"(
        WHERE version = (SELECT MAX(version) FROM label_versions l WHERE l.photo_id =
                         label_versions.photo_id)
          AND (?1 IS NULL OR status = ?1)
        ORDER BY photo_id)");
    status ? q.bind(1, std::string(toString(*status))) : q.bind(1);
    std::vector<LabelVersion> out;
    while (q.executeStep()) out.push_back(read(q));
    return out;
}

std::vector<QueueItem> LabelRepository::queue(const QueueFilter& f) const {
    SQLite::Statement q(m_db, R"(
        SELECT p.id, pa.external_id, w.label, w.etiology,
               (SELECT id FROM label_versions l WHERE l.photo_id = p.id
                ORDER BY version DESC LIMIT 1) AS latest,
               a.mean_uncertainty, a.model_version
        FROM photos p
        JOIN wounds w ON w.id = p.wound_id
        JOIN patients pa ON pa.id = w.patient_id
        LEFT JOIN analyses a ON a.id = (SELECT id FROM analyses x WHERE x.photo_id = p.id
                                        AND x.mask_source = 'model' ORDER BY id DESC LIMIT 1)
        WHERE NOT EXISTS (SELECT 1 FROM label_versions l WHERE l.photo_id = p.id
                          AND l.status = 'approved')
          AND (?1 IS NULL OR pa.external_id = ?1)
          AND (?2 IS NULL OR w.etiology = ?2)
          AND (?3 IS NULL OR a.model_version = ?3)
        ORDER BY a.mean_uncertainty IS NULL, a.mean_uncertainty DESC, p.id)");
    f.patientExternalId ? q.bind(1, *f.patientExternalId) : q.bind(1);
    f.etiology ? q.bind(2, *f.etiology) : q.bind(2);
    f.modelVersion ? q.bind(3, *f.modelVersion) : q.bind(3);
    std::vector<QueueItem> out;
    while (q.executeStep()) {
        QueueItem item;
        item.photoId = q.getColumn(0).getInt64();
        item.patientExternalId = q.getColumn(1).getString();
        item.woundLabel = q.getColumn(2).getString();
        item.etiology = q.getColumn(3).getString();
        if (!q.getColumn(4).isNull())
            item.latest = find(q.getColumn(4).getInt64());
        if (!q.getColumn(5).isNull())
            item.modelUncertainty = q.getColumn(5).getDouble();
        item.modelVersion = optionalText(q.getColumn(6));
        if (f.status && (!item.latest || item.latest->status != *f.status))
            continue;
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace cicatrix::library
