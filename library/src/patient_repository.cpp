// SQL for the patients table.
#include "library/patient_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace cicatrix::library {

namespace {
Patient readPatient(SQLite::Statement& q) {
    Patient p;
    p.id = q.getColumn(0).getInt64();
    p.externalId = q.getColumn(1).getString();
    p.displayName = q.getColumn(2).getString();
    if (!q.getColumn(3).isNull()) {
        p.birthDate = q.getColumn(3).getString();
    }
    return p;
}
}  // namespace

std::vector<PatientSummary> PatientRepository::list(const std::string& search) const {
    SQLite::Statement q(m_db, R"sql(
        SELECT p.id, p.external_id, p.display_name, p.birth_date,
               (SELECT COUNT(*) FROM wounds w WHERE w.patient_id = p.id),
               (SELECT COUNT(*) FROM photos ph JOIN wounds w ON w.id = ph.wound_id WHERE w.patient_id = p.id),
               (SELECT MAX(ph.captured_at) FROM photos ph JOIN wounds w ON w.id = ph.wound_id
                 WHERE w.patient_id = p.id)
          FROM patients p
         WHERE ?1 = '' OR instr(lower(p.display_name), lower(?1)) > 0
                       OR instr(lower(p.external_id), lower(?1)) > 0
         ORDER BY lower(p.display_name), p.external_id)sql");
    q.bind(1, search);
    std::vector<PatientSummary> out;
    while (q.executeStep()) {
        PatientSummary s;
        s.patient = readPatient(q);
        s.woundCount = q.getColumn(4).getInt();
        s.photoCount = q.getColumn(5).getInt();
        s.lastCapture = q.getColumn(6).isNull() ? "" : q.getColumn(6).getString();
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<Patient> PatientRepository::findByExternalId(const std::string& externalId) const {
    SQLite::Statement q(
        m_db,
        "SELECT id, external_id, display_name, birth_date FROM patients WHERE external_id = ?");
    q.bind(1, externalId);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readPatient(q);
}

std::optional<Patient> PatientRepository::findById(std::int64_t id) const {
    SQLite::Statement q(
        m_db, "SELECT id, external_id, display_name, birth_date FROM patients WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return readPatient(q);
}

std::int64_t PatientRepository::insert(const Patient& patient) {
    SQLite::Statement q(
        m_db, "INSERT INTO patients (external_id, display_name, birth_date) VALUES (?, ?, ?)");
    q.bind(1, patient.externalId);
    q.bind(2, patient.displayName);
    if (patient.birthDate) {
        q.bind(3, *patient.birthDate);
    }
    q.exec();
    return m_db.getLastInsertRowid();
}

}  // namespace cicatrix::library
