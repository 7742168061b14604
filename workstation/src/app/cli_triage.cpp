// The triage inbox, decisions and history from the command line, over TriageRepository. The
// inbox first refreshes the stored alerts of the wounds it lists (thresholds from settings.json),
// so what it ranks by is what the rules say now and what the GUI shows after a restart.
#include "workstation/app/cli_triage.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <set>

#include "library/library.hpp"
#include "library/patient_repository.hpp"
#include "library/triage_repository.hpp"
#include "library/wound_repository.hpp"
#include "workstation/analysis/wound_alerts.hpp"
#include "workstation/app/cli_refusal.hpp"
#include "workstation/app/clock.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/app/settings.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

constexpr char kDecisionWords[] = "no_action, advice, treatment_adjusted or consultation";

nlohmann::json decisionJson(const TriageDecisionRecord& d) {
    return {{"id", d.id},
            {"wound_id", d.woundId},
            {"photo_id", d.photoId},
            {"decision", toString(d.decision)},
            {"display", displayName(d.decision)},
            {"note", d.note},
            {"by", d.decidedBy},
            {"at", d.decidedAt}};
}

nlohmann::json itemJson(const InboxItem& item) {
    nlohmann::json alerts = nlohmann::json::array();
    for (const StoredAlert& a : item.alerts)
        alerts.push_back({{"id", a.id},
                          {"kind", a.kind},
                          {"severity", a.severity},
                          {"title", a.title},
                          {"explanation", a.explanation},
                          {"photo_id", a.photoId},
                          {"raised_at", a.raisedAt}});
    nlohmann::json out = {
        {"photo_id", item.photo.id},
        {"patient",
         {{"id", item.patientId},
          {"external_id", item.patientExternalId},
          {"name", item.patientName}}},
        {"wound", {{"id", item.woundId}, {"label", item.woundLabel}, {"site", item.woundSite}}},
        {"source", toString(item.photo.source)},
        {"captured_at", item.photo.capturedAt},
        {"arrived_at", item.photo.importedAt},
        {"waiting_hours", item.waitingHours},
        {"severity", item.severity},
        {"alerts", alerts},
        {"last_reviewed_photo_id", nullptr},
        {"last_decision", nullptr}};
    if (item.lastReviewedPhotoId)
        out["last_reviewed_photo_id"] = *item.lastReviewedPhotoId;
    if (item.lastDecision)
        out["last_decision"] = decisionJson(*item.lastDecision);
    return out;
}

}  // namespace

int runTriageInbox(const fs::path& libraryDir, bool json) {
    constexpr std::string_view verb = "triage";
    if (libraryDir.empty())
        return refuse(verb, "--library DIR is needed");
    const auto now = nowUtcIso();
    if (!now)
        return refuse(verb, now.error().message);
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    // The alerts of the listed wounds as the rules (and this user's thresholds) raise them now.
    const auto thresholds = loadSettings(configDir() / "settings.json").settings.alerts;
    const auto items = inboxWithFreshAlerts(**library, *now, thresholds);
    if (!items)
        return refuse(verb, items.error().message);
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const InboxItem& item : *items) out.push_back(itemJson(item));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const InboxItem& item : *items) {
        std::string alerts;
        for (const StoredAlert& a : item.alerts) alerts += (alerts.empty() ? "" : "; ") + a.title;
        std::cout << fmt::format(
            "photo {}  {} ({})  wound {} {}  {}  captured {}  waiting {:.1f} h  severity {}{}\n",
            item.photo.id, item.patientExternalId, item.patientName, item.woundLabel,
            item.woundSite.empty() ? "-" : item.woundSite, displayName(item.photo.source),
            item.photo.capturedAt, item.waitingHours, item.severity,
            alerts.empty() ? "" : ": " + alerts);
    }
    if (items->empty())
        std::cerr << "triage inbox is empty\n";
    return 0;
}

int runTriageDecide(const TriageDecideCommand& c) {
    constexpr std::string_view verb = "triage decide";
    const auto decision = triageDecisionFromString(c.decision);
    if (!decision)
        return refuse(verb,
                      fmt::format("unknown decision \"{}\" ({})", c.decision, kDecisionWords));
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto record = (*library)->withDatabase([&](SQLite::Database& db) {
        return TriageRepository(db).decide(c.photo, *decision, c.note, c.user);
    });
    if (!record)
        return refuse(verb, record.error().message);
    if (c.json) {
        std::cout << decisionJson(*record).dump(2) << "\n";
        return 0;
    }
    std::cout << fmt::format("photo {}: {} — recorded by {} at {}\n", record->photoId,
                             displayName(record->decision), record->decidedBy, record->decidedAt);
    return 0;
}

int runTriageHistory(const fs::path& libraryDir, const std::string& patient,
                     const std::string& wound, bool json) {
    constexpr std::string_view verb = "triage history";
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto history = (*library)->withReader(
        [&](SQLite::Database& db) -> Result<std::vector<TriageDecisionRecord>> {
            const auto p = PatientRepository(db).findByExternalId(patient);
            if (!p)
                return fail(ErrorCode::NotFound, fmt::format("no patient \"{}\"", patient));
            const auto w = WoundRepository(db).find(p->id, wound);
            if (!w)
                return fail(ErrorCode::NotFound,
                            fmt::format("patient \"{}\" has no wound \"{}\"", patient, wound));
            return TriageRepository(db).decisionsForWound(w->id);
        });
    if (!history)
        return refuse(verb, history.error().message);
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& d : *history) out.push_back(decisionJson(d));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& d : *history)
        std::cout << fmt::format("{}  photo {}  {}  by {}{}\n", d.decidedAt, d.photoId,
                                 displayName(d.decision), d.decidedBy,
                                 d.note.empty() ? "" : "  — " + d.note);
    if (history->empty())
        std::cerr << "no triage decision on this wound yet\n";
    return 0;
}

TriageCli::TriageCli(CLI::App& app) {
    m_triageCmd = app.add_subcommand(
        "triage", "The inbox of photos from home, ranked by alert then waiting time");
    m_triageCmd->require_subcommand(0, 1);
    m_triageCmd->add_option("--library", m_library, "Library folder");
    m_triageCmd->add_flag("--json", m_json, "Print one JSON document (an array of items)");

    m_decideCmd = m_triageCmd->add_subcommand(
        "decide", "Record a decision on an inbox photo (it leaves the inbox)");
    m_decideCmd->add_option("--library", m_decide.library, "Library folder")->required();
    m_decideCmd->add_option("--photo", m_decide.photo, "Photo id (as the inbox lists it)")
        ->required();
    m_decideCmd->add_option("--decision", m_decide.decision, kDecisionWords)->required();
    m_decideCmd->add_option("--note", m_decide.note,
                            "What was advised, adjusted or proposed (needed but for no_action)");
    m_decideCmd->add_option("--as", m_decide.user, "Who decides")->required();
    m_decideCmd->add_flag("--json", m_decide.json, "Print one JSON document");

    m_historyCmd =
        m_triageCmd->add_subcommand("history", "A wound's triage decisions, oldest first");
    m_historyCmd->add_option("--library", m_historyLibrary, "Library folder")->required();
    m_historyCmd->add_option("--patient", m_patient, "Patient id (as import uses it)")->required();
    m_historyCmd->add_option("--wound", m_wound, "Wound id within the patient")->required();
    m_historyCmd->add_flag("--json", m_historyJson, "Print one JSON document");
}

std::optional<int> TriageCli::runParsed() const {
    if (m_decideCmd->parsed())
        return runTriageDecide(m_decide);
    if (m_historyCmd->parsed())
        return runTriageHistory(m_historyLibrary, m_patient, m_wound, m_historyJson);
    if (m_triageCmd->parsed())
        return runTriageInbox(m_library, m_json);
    return std::nullopt;
}

}  // namespace cicatrix::workstation
