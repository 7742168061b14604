// SQL for photos, visits and audit rows.
#include "library/photo_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace cicatrix::library {

namespace {
constexpr const char* kColumns =
    "id, wound_id, visit_id, sha256, captured_at, capture_time_source, source, width, height, "
    "exif_orientation, media_type, byte_size, original_name, imported_at";

Photo readPhoto(SQLite::Statement& q) {
    Photo p;
    p.id = q.getColumn(0).getInt64();
    p.woundId = q.getColumn(1).getInt64();
    if (!q.getColumn(2).isNull()) {
        p.visitId = q.getColumn(2).getInt64();
    }
    p.sha256 = q.getColumn(3).getString();
    p.capturedAt = q.getColumn(4).getString();
    p.captureTimeSource =
        captureTimeSourceFromString(q.getColumn(5).getString()).value_or(CaptureTimeSource::Manual);
    p.source = photoSourceFromString(q.getColumn(6).getString()).value_or(PhotoSource::Imported);
    p.width = q.getColumn(7).getInt();
    p.height = q.getColumn(8).getInt();
    p.exifOrientation = q.getColumn(9).getInt();
    p.mediaType = q.getColumn(10).getString();
    p.byteSize = q.getColumn(11).getInt64();
    p.originalName = q.getColumn(12).getString();
    p.importedAt = q.getColumn(13).getString();
    return p;
}
}  // namespace

std::vector<Photo> PhotoRepository::timeline(std::int64_t woundId) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " FROM photos WHERE wound_id = ? ORDER BY captured_at, id");
    q.bind(1, woundId);
    std::vector<Photo> out;
    while (q.executeStep()) {
        out.push_back(readPhoto(q));
    }
    return out;
}

namespace {
std::vector<Photo> readAll(SQLite::Statement& q) {
    std::vector<Photo> out;
    while (q.executeStep()) {
        out.push_back(readPhoto(q));
    }
    return out;
}
}  // namespace

std::vector<Photo> PhotoRepository::listAll() const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " FROM photos ORDER BY wound_id, captured_at, id");
    return readAll(q);
}

std::vector<Photo> PhotoRepository::listWithoutAnalysis() const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " FROM photos WHERE NOT EXISTS (SELECT 1 FROM analyses a WHERE "
                                  "a.photo_id = photos.id) ORDER BY id");
    return readAll(q);
}

std::optional<Photo> PhotoRepository::findBySha(const std::string& sha256) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + " FROM photos WHERE sha256 = ?");
    q.bind(1, sha256);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readPhoto(q);
}

std::optional<Photo> PhotoRepository::findById(std::int64_t id) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + " FROM photos WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readPhoto(q);
}

std::int64_t PhotoRepository::count() const {
    return m_db.execAndGet("SELECT COUNT(*) FROM photos").getInt64();
}

std::int64_t PhotoRepository::insert(const Photo& p) {
    SQLite::Statement q(m_db, R"sql(INSERT INTO photos
        (wound_id, visit_id, sha256, captured_at, capture_time_source, source, width, height,
         exif_orientation, media_type, byte_size, original_name)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    q.bind(1, p.woundId);
    if (p.visitId) {
        q.bind(2, *p.visitId);
    }
    q.bind(3, p.sha256);
    q.bind(4, p.capturedAt);
    q.bind(5, std::string(toString(p.captureTimeSource)));
    q.bind(6, std::string(toString(p.source)));
    q.bind(7, p.width);
    q.bind(8, p.height);
    q.bind(9, p.exifOrientation);
    q.bind(10, p.mediaType);
    q.bind(11, p.byteSize);
    q.bind(12, p.originalName);
    q.exec();
    return m_db.getLastInsertRowid();
}

std::int64_t PhotoRepository::ensureVisit(std::int64_t patientId, const std::string& date,
                                          const std::string& kind) {
    SQLite::Statement find(
        m_db, "SELECT id FROM visits WHERE patient_id = ? AND visit_date = ? AND kind = ?");
    find.bind(1, patientId);
    find.bind(2, date);
    find.bind(3, kind);
    if (find.executeStep()) {
        return find.getColumn(0).getInt64();
    }
    SQLite::Statement insert(m_db,
                             "INSERT INTO visits (patient_id, visit_date, kind) VALUES (?, ?, ?)");
    insert.bind(1, patientId);
    insert.bind(2, date);
    insert.bind(3, kind);
    insert.exec();
    return m_db.getLastInsertRowid();
}

std::vector<Visit> PhotoRepository::visitsForWound(std::int64_t woundId) const {
    SQLite::Statement q(m_db, R"sql(
        SELECT DISTINCT v.id, v.patient_id, v.visit_date, v.kind
          FROM visits v JOIN photos p ON p.visit_id = v.id
         WHERE p.wound_id = ? ORDER BY v.visit_date)sql");
    q.bind(1, woundId);
    std::vector<Visit> out;
    while (q.executeStep()) {
        out.push_back(Visit{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                            q.getColumn(2).getString(), q.getColumn(3).getString()});
    }
    return out;
}

void appendAudit(SQLite::Database& db, const std::string& actor, const std::string& action,
                 const std::string& entity, std::int64_t entityId, const std::string& detail) {
    SQLite::Statement q(
        db,
        "INSERT INTO audit_log (actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, actor);
    q.bind(2, action);
    q.bind(3, entity);
    q.bind(4, entityId);
    q.bind(5, detail);
    q.exec();
}

}  // namespace cicatrix::library
