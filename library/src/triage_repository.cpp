// SQL for stored wound alerts, the triage inbox and triage decisions (migration 7). Times compare
// with julianday() so "…Z" and "….000Z" forms agree; the history is guarded again by triggers.
#include "library/triage_repository.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "library/photo_repository.hpp"

namespace cicatrix::library {

namespace {
struct DecisionName {
    TriageDecision decision;
    std::string_view key;
    std::string_view display;
};
constexpr std::array<DecisionName, 4> kDecisions{{
    {TriageDecision::NoAction, "no_action", "Reviewed \u2013 no action"},
    {TriageDecision::Advice, "advice", "Advice sent"},
    {TriageDecision::TreatmentAdjusted, "treatment_adjusted", "Treatment adjusted"},
    {TriageDecision::Consultation, "consultation", "Consultation proposed"},
}};

constexpr std::array<std::pair<std::string_view, int>, 4> kSeverities{{
    {"periwound_redness", 3},
    {"area_increase", 2},
    {"necrosis_rising", 2},
    {"stalled_healing", 1},
}};

// Photos whose triage is over: a decision on the same wound about a photo that arrived at or
// after this one (imported_at, then id). `p` is the photo's alias, `d` the decision's.
constexpr const char* kDecisionJoin = "triage_decisions d JOIN photos dp ON dp.id = d.photo_id";
constexpr const char* kCovers = R"(d.wound_id = p.wound_id
      AND (julianday(dp.imported_at) > julianday(p.imported_at)
           OR (julianday(dp.imported_at) = julianday(p.imported_at) AND dp.id >= p.id)))";

constexpr const char* kHomeSources = "('home_nurse', 'patient')";

constexpr const char* kDecisionColumns =
    "id, wound_id, photo_id, decision, note, decided_by, decided_at FROM triage_decisions";

TriageDecisionRecord readDecision(SQLite::Statement& q) {
    TriageDecisionRecord r;
    r.id = q.getColumn(0).getInt64();
    r.woundId = q.getColumn(1).getInt64();
    r.photoId = q.getColumn(2).getInt64();
    r.decision =
        triageDecisionFromString(q.getColumn(3).getString()).value_or(TriageDecision::NoAction);
    r.note = q.getColumn(4).getString();
    r.decidedBy = q.getColumn(5).getString();
    r.decidedAt = q.getColumn(6).getString();
    return r;
}

StoredAlert readAlert(SQLite::Statement& q) {
    StoredAlert a;
    a.id = q.getColumn(0).getInt64();
    a.woundId = q.getColumn(1).getInt64();
    a.photoId = q.getColumn(2).getInt64();
    a.kind = q.getColumn(3).getString();
    a.severity = q.getColumn(4).getInt();
    a.title = q.getColumn(5).getString();
    a.explanation = q.getColumn(6).getString();
    a.raisedAt = q.getColumn(7).getString();
    if (!q.getColumn(8).isNull())
        a.clearedAt = q.getColumn(8).getString();
    return a;
}

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool isHome(PhotoSource source) {
    return source == PhotoSource::HomeNurse || source == PhotoSource::Patient;
}
}  // namespace

std::string_view toString(TriageDecision decision) {
    for (const auto& d : kDecisions)
        if (d.decision == decision)
            return d.key;
    return "?";
}

std::optional<TriageDecision> triageDecisionFromString(std::string_view text) {
    for (const auto& d : kDecisions)
        if (d.key == text)
            return d.decision;
    return std::nullopt;
}

std::string_view displayName(TriageDecision decision) {
    for (const auto& d : kDecisions)
        if (d.decision == decision)
            return d.display;
    return "?";
}

int alertSeverity(std::string_view kind) {
    for (const auto& [k, severity] : kSeverities)
        if (k == kind)
            return severity;
    return 1;
}

std::size_t TriageRepository::syncAlerts(std::int64_t woundId,
                                         const std::vector<NewAlert>& current) {
    SQLite::Savepoint tx(m_db, "triage_alerts");  // nests in a caller's transaction
    std::size_t raised = 0;
    std::set<std::pair<std::string, std::int64_t>> keep;
    for (const NewAlert& a : current) {
        keep.emplace(a.kind, a.photoId);
        SQLite::Statement find(m_db,
                               "SELECT id, cleared_at IS NOT NULL FROM wound_alerts "
                               "WHERE wound_id = ? AND kind = ? AND photo_id = ?");
        find.bind(1, woundId);
        find.bind(2, a.kind);
        find.bind(3, a.photoId);
        if (find.executeStep()) {
            const std::int64_t id = find.getColumn(0).getInt64();
            const bool wasCleared = find.getColumn(1).getInt() != 0;
            // A cleared alert raised again reopens (with today's raised_at); an open one keeps
            // its raised_at and takes the rules' current wording.
            SQLite::Statement update(
                m_db, wasCleared
                          ? "UPDATE wound_alerts SET severity = ?, title = ?, explanation = ?, "
                            "cleared_at = NULL, raised_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                            "WHERE id = ?"
                          : "UPDATE wound_alerts SET severity = ?, title = ?, explanation = ? "
                            "WHERE id = ?");
            update.bind(1, a.severity);
            update.bind(2, a.title);
            update.bind(3, a.explanation);
            update.bind(4, id);
            update.exec();
            if (wasCleared) {
                ++raised;
                appendAudit(
                    m_db, kLocalActor, "alert.raise", "wound_alert", id,
                    fmt::format("wound {} photo {} {} (again)", woundId, a.photoId, a.kind));
            }
            continue;
        }
        SQLite::Statement insert(m_db, R"(
            INSERT INTO wound_alerts (wound_id, photo_id, kind, severity, title, explanation)
            VALUES (?, ?, ?, ?, ?, ?))");
        insert.bind(1, woundId);
        insert.bind(2, a.photoId);
        insert.bind(3, a.kind);
        insert.bind(4, a.severity);
        insert.bind(5, a.title);
        insert.bind(6, a.explanation);
        insert.exec();
        ++raised;
        appendAudit(m_db, kLocalActor, "alert.raise", "wound_alert", m_db.getLastInsertRowid(),
                    fmt::format("wound {} photo {} {}", woundId, a.photoId, a.kind));
    }
    for (const StoredAlert& open : openAlerts(woundId)) {
        if (keep.contains({open.kind, open.photoId}))
            continue;
        SQLite::Statement clear(m_db,
                                "UPDATE wound_alerts SET cleared_at = "
                                "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
        clear.bind(1, open.id);
        clear.exec();
        appendAudit(m_db, kLocalActor, "alert.clear", "wound_alert", open.id,
                    fmt::format("wound {} photo {} {}", woundId, open.photoId, open.kind));
    }
    tx.release();
    return raised;
}

std::vector<StoredAlert> TriageRepository::openAlerts(std::int64_t woundId) const {
    SQLite::Statement q(m_db, R"(
        SELECT id, wound_id, photo_id, kind, severity, title, explanation, raised_at, cleared_at
        FROM wound_alerts WHERE wound_id = ? AND cleared_at IS NULL
        ORDER BY severity DESC, julianday(raised_at), id)");
    q.bind(1, woundId);
    std::vector<StoredAlert> out;
    while (q.executeStep()) out.push_back(readAlert(q));
    return out;
}

std::vector<InboxItem> TriageRepository::inbox(std::string_view nowUtc) const {
    SQLite::Statement q(m_db, fmt::format(R"(
        SELECT p.id, pt.id, pt.external_id, pt.display_name, w.id, w.label, w.anatomical_site,
               (julianday(?1) - julianday(p.imported_at)) * 24.0
        FROM photos p JOIN wounds w ON w.id = p.wound_id JOIN patients pt ON pt.id = w.patient_id
        WHERE p.source IN {} AND NOT EXISTS (SELECT 1 FROM {} WHERE {})
        ORDER BY julianday(p.imported_at), p.id)",
                                          kHomeSources, kDecisionJoin, kCovers));
    q.bind(1, std::string(nowUtc));
    std::vector<InboxItem> items;
    PhotoRepository photos(m_db);
    while (q.executeStep()) {
        InboxItem item;
        auto photo = photos.findById(q.getColumn(0).getInt64());
        if (!photo)
            continue;
        item.photo = std::move(*photo);
        item.patientId = q.getColumn(1).getInt64();
        item.patientExternalId = q.getColumn(2).getString();
        item.patientName = q.getColumn(3).getString();
        item.woundId = q.getColumn(4).getInt64();
        item.woundLabel = q.getColumn(5).getString();
        item.woundSite = q.getColumn(6).getString();
        item.waitingHours = std::max(0.0, q.getColumn(7).getDouble());
        items.push_back(std::move(item));
    }
    for (InboxItem& item : items) {
        item.alerts = openAlerts(item.woundId);
        for (const StoredAlert& a : item.alerts)
            item.severity = std::max(item.severity, a.severity);
        SQLite::Statement reviewed(m_db, fmt::format(R"(
            SELECT p.id FROM photos p
            WHERE p.wound_id = ?1 AND p.id <> ?2
              AND julianday(p.captured_at) <= julianday(?3)
              AND (p.source NOT IN {}
                   OR EXISTS (SELECT 1 FROM triage_decisions d WHERE d.photo_id = p.id))
            ORDER BY julianday(p.captured_at) DESC, p.id DESC LIMIT 1)",
                                                     kHomeSources));
        reviewed.bind(1, item.woundId);
        reviewed.bind(2, item.photo.id);
        reviewed.bind(3, item.photo.capturedAt);
        if (reviewed.executeStep())
            item.lastReviewedPhotoId = reviewed.getColumn(0).getInt64();
        SQLite::Statement last(m_db, std::string("SELECT ") + kDecisionColumns +
                                         " WHERE wound_id = ? ORDER BY julianday(decided_at) "
                                         "DESC, id DESC LIMIT 1");
        last.bind(1, item.woundId);
        if (last.executeStep())
            item.lastDecision = readDecision(last);
    }
    // Already in arrival order (longest wait first); a stable sort keeps it within a severity.
    std::ranges::stable_sort(
        items, [](const InboxItem& a, const InboxItem& b) { return a.severity > b.severity; });
    return items;
}

Result<TriageDecisionRecord> TriageRepository::decide(std::int64_t photoId, TriageDecision decision,
                                                      const std::string& note,
                                                      const std::string& user) {
    if (blank(user))
        return fail(ErrorCode::InvalidInput, "a triage decision needs a user (--as NAME)");
    const auto photo = PhotoRepository(m_db).findById(photoId);
    if (!photo)
        return fail(ErrorCode::NotFound, fmt::format("no photo {}", photoId));
    if (!isHome(photo->source))
        return fail(ErrorCode::InvalidInput,
                    fmt::format("photo {} is a {} photo: only photos from home (home nurse or "
                                "patient) wait for a triage decision",
                                photoId, displayName(photo->source)));
    SQLite::Statement covered(
        m_db, fmt::format("SELECT d.decided_at, d.decided_by, d.decision FROM photos p JOIN {} "
                          "WHERE p.id = ?1 AND {} ORDER BY julianday(d.decided_at), d.id LIMIT 1",
                          kDecisionJoin, kCovers));
    covered.bind(1, photoId);
    if (covered.executeStep()) {
        const auto kind = triageDecisionFromString(covered.getColumn(2).getString());
        return fail(
            ErrorCode::InvalidInput,
            fmt::format("photo {} is no longer in the inbox: already reviewed on {} by {} "
                        "({})",
                        photoId, covered.getColumn(0).getString(), covered.getColumn(1).getString(),
                        kind ? displayName(*kind) : "decision"));
    }
    if (decision != TriageDecision::NoAction && blank(note))
        return fail(ErrorCode::InvalidInput,
                    fmt::format("\"{}\" needs a note saying what (--note TEXT); only \"{}\" may "
                                "be recorded without one",
                                displayName(decision), displayName(TriageDecision::NoAction)));
    SQLite::Savepoint tx(m_db, "triage_decision");
    SQLite::Statement insert(m_db, R"(
        INSERT INTO triage_decisions (wound_id, photo_id, decision, note, decided_by)
        VALUES (?, ?, ?, ?, ?))");
    insert.bind(1, photo->woundId);
    insert.bind(2, photoId);
    insert.bind(3, std::string(toString(decision)));
    insert.bind(4, note);
    insert.bind(5, user);
    insert.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    appendAudit(m_db, user, "triage.decide", "triage_decision", id,
                fmt::format("photo {} wound {} decision={} note={}", photoId, photo->woundId,
                            toString(decision), note));
    tx.release();
    SQLite::Statement q(m_db, std::string("SELECT ") + kDecisionColumns + " WHERE id = ?");
    q.bind(1, id);
    q.executeStep();
    return readDecision(q);
}

std::vector<TriageDecisionRecord> TriageRepository::decisionsForWound(std::int64_t woundId) const {
    SQLite::Statement q(m_db, std::string("SELECT ") + kDecisionColumns +
                                  " WHERE wound_id = ? ORDER BY julianday(decided_at), id");
    q.bind(1, woundId);
    std::vector<TriageDecisionRecord> out;
    while (q.executeStep()) out.push_back(readDecision(q));
    return out;
}

}  // namespace cicatrix::library
