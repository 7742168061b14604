// Patient list with search (each patient with its sync marker), wound list with site / etiology /
// photo counts.
#include "workstation/gui/patient_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "render/keys.hpp"
#include "workstation/gui/sync_view.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {
std::string pretty(std::string text) {
    for (char& c : text) {
        if (c == '_') {
            c = ' ';
        }
    }
    if (!text.empty()) {
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    }
    return text;
}

// A coloured dot and a word (up to date / pending / failing) on the current line, with each
// server's state, last success and last error on hover.
void syncMarker(const std::vector<PatientSyncStatus>& states, std::int64_t patientId,
                DrawContext& ctx) {
    const auto overall = overallSyncState(states);
    if (!overall)
        return;
    const ImVec4 colour = *overall == PatientSyncState::UpToDate  ? theme::kOkText
                          : *overall == PatientSyncState::Pending ? theme::kWarningText
                                                                  : theme::kErrorText;
    const char* word = *overall == PatientSyncState::UpToDate  ? "synced"
                       : *overall == PatientSyncState::Pending ? "to sync"
                                                               : "sync failing";
    ImGui::SameLine();
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float r = h * 0.28f;
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + r + 1, pos.y + h * 0.5f), r,
                                                ImGui::GetColorU32(colour));
    const ImVec2 textSize = ImGui::CalcTextSize(word);
    ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + 2 * r + 6, pos.y),
                                        ImGui::GetColorU32(colour), word);
    const ImVec2 size(2 * r + 6 + textSize.x, h);
    ImGui::Dummy(size);
    ctx.record.rects.push_back(
        {fmt::format("sync:{}:{}", patientId, toString(*overall)), pos.x, pos.y, size.x, size.y});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", patientSyncTooltip(states).c_str());
}
}  // namespace

void PatientPanel::draw(const AppState& state, DrawContext& ctx) {
    ImGui::TextUnformatted("Patients");
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "(%zu)", state.patients.size());
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::InputTextWithHint("##search", "Search name or ID  (Ctrl+F)", m_search,
                                 sizeof m_search)) {
        ctx.intents.push_back(intent::SearchPatients{m_search});
    }
    if (render::keyPressed(render::Key::F, render::kCtrl)) {
        ImGui::SetKeyboardFocusHere(-1);
    }
    const float listHeight = ImGui::GetContentRegionAvail().y * 0.5f;
    ImGui::BeginChild("patients", ImVec2(0, listHeight), true);
    if (state.patients.empty()) {
        ImGui::TextColored(theme::kMutedText, state.patientSearch.empty()
                                                  ? "No patients yet.\nImport photos (Ctrl+I)."
                                                  : "No patient matches.");
    }
    for (const PatientSummary& p : state.patients) {
        ImGui::PushID(static_cast<int>(p.patient.id));
        const bool selected = state.selectedPatientId == p.patient.id;
        if (ImGui::Selectable("##patient", selected, 0,
                              ImVec2(0, ImGui::GetTextLineHeight() * 2.2f))) {
            ctx.intents.push_back(intent::SelectPatient{p.patient.id});
        }
        ImGui::SameLine(ImGui::GetStyle().ItemSpacing.x);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(p.patient.displayName.c_str());
        if (const auto alerts = state.patientAlerts.find(p.patient.id);
            alerts != state.patientAlerts.end()) {
            ImGui::SameLine();
            const auto text = state.patientAlertText.find(p.patient.id);
            theme::alertBadge(alerts->second,
                              text == state.patientAlertText.end() ? "" : text->second);
        }
        if (const auto sync = state.sync.patientStates.find(p.patient.externalId);
            sync != state.sync.patientStates.end()) {
            syncMarker(sync->second, p.patient.id, ctx);
        }
        ImGui::TextColored(theme::kMutedText, "%s  ·  %d wound%s  ·  %d photo%s",
                           p.patient.externalId.c_str(), p.woundCount, p.woundCount == 1 ? "" : "s",
                           p.photoCount, p.photoCount == 1 ? "" : "s");
        ImGui::EndGroup();
        ImGui::PopID();
    }
    ImGui::EndChild();

    ImGui::Spacing();
    ImGui::TextUnformatted("Wounds");
    ImGui::BeginChild("wounds", ImVec2(0, 0), true);
    if (!state.selectedPatientId) {
        ImGui::TextColored(theme::kMutedText, "Select a patient.");
    }
    for (const WoundSummary& w : state.wounds) {
        ImGui::PushID(static_cast<int>(w.wound.id));
        const bool selected = state.selectedWoundId == w.wound.id;
        if (ImGui::Selectable("##wound", selected, 0,
                              ImVec2(0, ImGui::GetTextLineHeight() * 3.3f))) {
            ctx.intents.push_back(intent::SelectWound{w.wound.id});
        }
        ImGui::SameLine(ImGui::GetStyle().ItemSpacing.x);
        ImGui::BeginGroup();
        const auto& d = w.wound.details;
        std::string site = d.anatomicalSite.empty() ? "site not recorded" : d.anatomicalSite;
        if (d.laterality != "unspecified") {
            site += ", " + d.laterality;
        }
        ImGui::Text("%s  —  %s", w.wound.label.c_str(), site.c_str());
        if (const auto alerts = state.woundAlerts.find(w.wound.id);
            alerts != state.woundAlerts.end()) {
            ImGui::SameLine();
            theme::alertBadge(alerts->second, "Healing alerts: see the trend under the timeline");
        }
        ImGui::TextColored(
            theme::kMutedText, "%s  ·  %s",
            pretty(d.etiology == "unknown" ? "etiology unknown" : d.etiology).c_str(),
            pretty(d.status).c_str());
        if (w.photoCount > 0) {
            ImGui::TextColored(theme::kMutedText, "%d photos  ·  %s → %s", w.photoCount,
                               w.firstCapture.substr(0, 10).c_str(),
                               w.lastCapture.substr(0, 10).c_str());
        } else {
            ImGui::TextColored(theme::kMutedText, "no photos");
        }
        ImGui::EndGroup();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace cicatrix::workstation
