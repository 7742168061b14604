// SQL for the wounds table.
#include "library/wound_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace cicatrix::library {

namespace {
constexpr const char* kColumns =
    "w.id, w.patient_id, w.label, w.anatomical_site, w.laterality, w.etiology, w.onset_date, "
    "w.status";

Wound readWound(SQLite::Statement& q) {
    Wound w;
    w.id = q.getColumn(0).getInt64();
    w.patientId = q.getColumn(1).getInt64();
    w.label = q.getColumn(2).getString();
    w.details.anatomicalSite = q.getColumn(3).getString();
    w.details.laterality = q.getColumn(4).getString();
    w.details.etiology = q.getColumn(5).getString();
    if (!q.getColumn(6).isNull()) {
        w.details.onsetDate = q.getColumn(6).getString();
    }
    w.details.status = q.getColumn(7).getString();
    return w;
}
}  // namespace

std::vector<WoundSummary> WoundRepository::listForPatient(std::int64_t patientId) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + R"sql(,
               COUNT(ph.id), MIN(ph.captured_at), MAX(ph.captured_at)
          FROM wounds w LEFT JOIN photos ph ON ph.wound_id = w.id
         WHERE w.patient_id = ?
         GROUP BY w.id
         ORDER BY w.label)sql");
    q.bind(1, patientId);
    std::vector<WoundSummary> out;
    while (q.executeStep()) {
        WoundSummary s;
        s.wound = readWound(q);
        s.photoCount = q.getColumn(8).getInt();
        s.firstCapture = q.getColumn(9).isNull() ? "" : q.getColumn(9).getString();
        s.lastCapture = q.getColumn(10).isNull() ? "" : q.getColumn(10).getString();
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<Wound> WoundRepository::find(std::int64_t patientId, const std::string& label) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns +
                                  " FROM wounds w WHERE w.patient_id = ? AND w.label = ?");
    q.bind(1, patientId);
    q.bind(2, label);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readWound(q);
}

std::optional<Wound> WoundRepository::findById(std::int64_t id) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kColumns + " FROM wounds w WHERE w.id = ?");
    q.bind(1, id);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readWound(q);
}

std::int64_t WoundRepository::insert(const Wound& wound) {
    SQLite::Statement q(m_db, R"sql(INSERT INTO wounds
        (patient_id, label, anatomical_site, laterality, etiology, onset_date, status)
        VALUES (?, ?, ?, ?, ?, ?, ?))sql");
    q.bind(1, wound.patientId);
    q.bind(2, wound.label);
    q.bind(3, wound.details.anatomicalSite);
    q.bind(4, wound.details.laterality);
    q.bind(5, wound.details.etiology);
    if (wound.details.onsetDate) {
        q.bind(6, *wound.details.onsetDate);
    }
    q.bind(7, wound.details.status);
    q.exec();
    return m_db.getLastInsertRowid();
}

}  // namespace cicatrix::library
