// SQL for the enrolments and quarantine_items tables and their audit rows (migration 7).
// Call inside Library::withDatabase / withReader (the repository holds no lock of its own).
#include "library/enrolment_repository.hpp"
#include "sqlite_columns.hpp"

#include <SQLiteCpp/Savepoint.h>
#include <SQLiteCpp/Statement.h>

#include <fmt/format.h>

#include "library/photo_repository.hpp"

namespace cicatrix::library {

namespace {

constexpr const char* kEnrolmentColumns =
    "id, nonce, patient_id, wound_id, token, created_by, created_at, expires_at, revoked_at, "
    "revoked_by";

Enrolment readEnrolment(SQLite::Statement& q) {
    Enrolment e;
    e.id = q.getColumn(0).getInt64();
    e.nonce = q.getColumn(1).getString();
    e.patientId = q.getColumn(2).getInt64();
    e.woundId = q.getColumn(3).getInt64();
    e.token = q.getColumn(4).getString();
    e.createdBy = q.getColumn(5).getString();
    e.createdAt = q.getColumn(6).getString();
    e.expiresAt = q.getColumn(7).getString();
    e.revokedAt = optionalText(q.getColumn(8));
    e.revokedBy = optionalText(q.getColumn(9));
    return e;
}

constexpr const char* kQuarantineColumns =
    "id, sha256, original_name, media_type, byte_size, photo_source, arrived_via, "
    "sop_instance_uid, token, claimed_patient, claimed_wound, captured_at, reason, detail, "
    "received_at, resolution, resolved_by, resolved_at, filed_photo_id";

QuarantineItem readQuarantine(SQLite::Statement& q) {
    QuarantineItem item;
    item.id = q.getColumn(0).getInt64();
    item.sha256 = q.getColumn(1).getString();
    item.originalName = q.getColumn(2).getString();
    item.mediaType = q.getColumn(3).getString();
    item.byteSize = q.getColumn(4).getInt64();
    item.photoSource =
        photoSourceFromString(q.getColumn(5).getString()).value_or(PhotoSource::Patient);
    item.arrivedVia =
        q.getColumn(6).getString() == "sync" ? ArrivalPath::Sync : ArrivalPath::Import;
    item.sopInstanceUid = optionalText(q.getColumn(7));
    item.token = q.getColumn(8).getString();
    item.claimedPatient = q.getColumn(9).getString();
    item.claimedWound = q.getColumn(10).getString();
    item.capturedAt = optionalText(q.getColumn(11));
    item.reason = q.getColumn(12).getString();
    item.detail = q.getColumn(13).getString();
    item.receivedAt = q.getColumn(14).getString();
    item.resolution = optionalText(q.getColumn(15));
    item.resolvedBy = optionalText(q.getColumn(16));
    item.resolvedAt = optionalText(q.getColumn(17));
    if (!q.getColumn(18).isNull()) {
        item.filedPhotoId = q.getColumn(18).getInt64();
    }
    return item;
}

void bindOptional(SQLite::Statement& q, int index, const std::optional<std::string>& value) {
    if (value) {
        q.bind(index, *value);
    } else {
        q.bind(index);
    }
}

}  // namespace

std::string_view toString(ArrivalPath path) {
    return path == ArrivalPath::Sync ? "sync" : "import";
}

std::int64_t EnrolmentRepository::create(const Enrolment& enrolment) {
    SQLite::Savepoint tx(m_db, "enrolment");  // nests in a caller's transaction
    SQLite::Statement q(m_db, R"sql(
        INSERT INTO enrolments (nonce, patient_id, wound_id, token, created_by, created_at,
                                expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?))sql");
    q.bind(1, enrolment.nonce);
    q.bind(2, enrolment.patientId);
    q.bind(3, enrolment.woundId);
    q.bind(4, enrolment.token);
    q.bind(5, enrolment.createdBy);
    q.bind(6, enrolment.createdAt);
    q.bind(7, enrolment.expiresAt);
    q.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    appendAudit(m_db, enrolment.createdBy, "enrolment.create", "enrolment", id,
                fmt::format("wound {} until {}", enrolment.woundId, enrolment.expiresAt));
    tx.release();
    return id;
}

std::optional<Enrolment> EnrolmentRepository::findByNonce(const std::string& nonce) const {
    SQLite::Statement q(
        m_db, fmt::format("SELECT {} FROM enrolments WHERE nonce = ?", kEnrolmentColumns));
    q.bind(1, nonce);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readEnrolment(q);
}

std::vector<Enrolment> EnrolmentRepository::listForWound(std::int64_t woundId) const {
    SQLite::Statement q(
        m_db,
        fmt::format("SELECT {} FROM enrolments WHERE wound_id = ? ORDER BY id", kEnrolmentColumns));
    q.bind(1, woundId);
    std::vector<Enrolment> out;
    while (q.executeStep()) {
        out.push_back(readEnrolment(q));
    }
    return out;
}

Result<void> EnrolmentRepository::revoke(const std::string& nonce, const std::string& actor,
                                         const std::string& at) {
    if (actor.empty()) {
        return fail(ErrorCode::InvalidInput, "who revokes the enrolment must be named");
    }
    const auto existing = findByNonce(nonce);
    if (!existing) {
        return fail(ErrorCode::NotFound, "no enrolment of this library has this token");
    }
    if (existing->revokedAt) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("the enrolment was already revoked on {} by {}",
                                *existing->revokedAt, existing->revokedBy.value_or("?")));
    }
    SQLite::Savepoint tx(m_db, "enrolment");  // nests in a caller's transaction
    SQLite::Statement q(m_db, "UPDATE enrolments SET revoked_at = ?, revoked_by = ? WHERE id = ?");
    q.bind(1, at);
    q.bind(2, actor);
    q.bind(3, existing->id);
    q.exec();
    appendAudit(m_db, actor, "enrolment.revoke", "enrolment", existing->id,
                fmt::format("wound {}", existing->woundId));
    tx.release();
    return {};
}

std::int64_t EnrolmentRepository::addQuarantined(const QuarantineItem& item,
                                                 const std::string& actor) {
    SQLite::Savepoint tx(m_db, "enrolment");  // nests in a caller's transaction
    SQLite::Statement q(m_db, R"sql(
        INSERT INTO quarantine_items (sha256, original_name, media_type, byte_size, photo_source,
                                      arrived_via, sop_instance_uid, token, claimed_patient,
                                      claimed_wound, captured_at, reason, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    q.bind(1, item.sha256);
    q.bind(2, item.originalName);
    q.bind(3, item.mediaType);
    q.bind(4, item.byteSize);
    q.bind(5, std::string(toString(item.photoSource)));
    q.bind(6, std::string(toString(item.arrivedVia)));
    bindOptional(q, 7, item.sopInstanceUid);
    q.bind(8, item.token);
    q.bind(9, item.claimedPatient);
    q.bind(10, item.claimedWound);
    bindOptional(q, 11, item.capturedAt);
    q.bind(12, item.reason);
    q.bind(13, item.detail);
    q.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    appendAudit(m_db, actor, "quarantine.add", "quarantine_item", id,
                fmt::format("{}: {}", item.reason, item.originalName));
    tx.release();
    return id;
}

std::vector<QuarantineItem> EnrolmentRepository::listQuarantine(bool includeResolved) const {
    SQLite::Statement q(
        m_db, fmt::format("SELECT {} FROM quarantine_items {} ORDER BY received_at, id",
                          kQuarantineColumns, includeResolved ? "" : "WHERE resolution IS NULL"));
    std::vector<QuarantineItem> out;
    while (q.executeStep()) {
        out.push_back(readQuarantine(q));
    }
    return out;
}

std::optional<QuarantineItem> EnrolmentRepository::findQuarantined(std::int64_t id) const {
    SQLite::Statement q(
        m_db, fmt::format("SELECT {} FROM quarantine_items WHERE id = ?", kQuarantineColumns));
    q.bind(1, id);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readQuarantine(q);
}

Result<void> EnrolmentRepository::markFiled(std::int64_t id, std::int64_t photoId,
                                            const std::string& user) {
    return resolve(id, "filed", photoId, user);
}

Result<void> EnrolmentRepository::markDiscarded(std::int64_t id, const std::string& user) {
    return resolve(id, "discarded", std::nullopt, user);
}

Result<void> EnrolmentRepository::resolve(std::int64_t id, const char* resolution,
                                          std::optional<std::int64_t> photoId,
                                          const std::string& user) {
    if (user.empty()) {
        return fail(ErrorCode::InvalidInput, "who resolves a quarantined photo must be named");
    }
    const auto item = findQuarantined(id);
    if (!item) {
        return fail(ErrorCode::NotFound, fmt::format("no quarantined item {}", id));
    }
    if (item->resolution) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("quarantined item {} was already {} by {}", id, *item->resolution,
                                item->resolvedBy.value_or("?")));
    }
    SQLite::Savepoint tx(m_db, "enrolment");  // nests in a caller's transaction
    SQLite::Statement q(m_db, R"sql(
        UPDATE quarantine_items
           SET resolution = ?, resolved_by = ?,
               resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), filed_photo_id = ?
         WHERE id = ?)sql");
    q.bind(1, resolution);
    q.bind(2, user);
    if (photoId) {
        q.bind(3, *photoId);
    } else {
        q.bind(3);
    }
    q.bind(4, id);
    q.exec();
    appendAudit(
        m_db, user,
        fmt::format("quarantine.{}", resolution == std::string("filed") ? "file" : "discard"),
        "quarantine_item", id, photoId ? fmt::format("photo {}", *photoId) : item->originalName);
    tx.release();
    return {};
}

}  // namespace cicatrix::library
