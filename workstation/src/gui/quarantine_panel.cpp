// The fields are filled from the item's claims when another item is selected; the buttons push
// intents that the QuarantineController runs as jobs.
#include "workstation/gui/quarantine_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "workstation/enrolment/enrolment_token.hpp"
#include "workstation/gui/item_record.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

template <std::size_t N>
void fill(std::array<char, N>& field, const std::string& value) {
    field.fill('\0');
    std::memcpy(field.data(), value.data(), std::min(value.size(), N - 1));
}

void fact(const char* label, const std::string& value) {
    ImGui::TextColored(theme::kMutedText, "%s", label);
    ImGui::SameLine(110);
    ImGui::TextWrapped("%s", value.empty() ? "—" : value.c_str());
}

}  // namespace

std::string_view quarantineReasonTitle(std::string_view reason) {
    if (reason == "malformed")
        return "Unreadable token";
    if (reason == "forged")
        return "Forged token";
    if (reason == "expired")
        return "Expired token";
    if (reason == "unknown_enrolment")
        return "Unknown enrolment";
    if (reason == "revoked")
        return "Revoked enrolment";
    if (reason == "wrong_patient")
        return "Wrong patient";
    if (reason == "wrong_wound")
        return "Wrong wound";
    return reason;
}

void QuarantinePanel::draw(const AppState& state, DrawContext& ctx) {
    const QuarantineUiState& q = state.triage.quarantine;
    const QuarantineItem* item = q.current();
    if (item == nullptr) {
        ImGui::TextColored(theme::kMutedText, "%s",
                           q.loaded ? "The quarantine is empty." : "Loading the quarantine…");
        return;
    }
    if (m_itemId != item->id) {
        m_itemId = item->id;
        fill(m_patient, item->claimedPatient);
        fill(m_wound, item->claimedWound);
        m_confirmDiscard = false;
    }
    ImGui::TextColored(theme::kErrorText, "%s",
                       std::string(quarantineReasonTitle(item->reason)).c_str());
    ImGui::TextWrapped("%s", item->detail.c_str());
    ImGui::TextColored(theme::kMutedText, "Not in any patient's folder until someone files it.");

    ImGui::Spacing();
    fact("Claims", fmt::format("patient {} · wound {}",
                               item->claimedPatient.empty() ? "?" : item->claimedPatient,
                               item->claimedWound.empty() ? "?" : item->claimedWound));
    if (const auto claims = readTokenClaims(item->token)) {
        fact("Token says",
             fmt::format("patient {} · wound {} · until {} (unverified)", claims->patientExternalId,
                         claims->woundLabel, unixToIsoUtc(claims->expiresAt).substr(0, 10)));
    } else {
        fact("Token says", item->token.empty() ? "no token" : "unreadable");
    }
    fact("Arrived",
         fmt::format(
             "by {} from the {}{}", toString(item->arrivedVia),
             item->photoSource == PhotoSource::HomeNurse ? "home nurse" : "patient",
             item->sopInstanceUid ? " (DICOM " + *item->sopInstanceUid + ")" : std::string()));
    fact("Received", item->receivedAt);
    fact("Taken", item->capturedAt.value_or(""));
    fact("File", fmt::format("{} ({:.1f} MB)", item->originalName,
                             static_cast<double>(item->byteSize) / 1e6));

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextColored(theme::kMutedText, "File into a wound (patient id, wound label)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##quarantine-patient", "patient id", m_patient.data(),
                             m_patient.size());
    recordLastItem(ctx.record, "field:quarantine-patient");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##quarantine-wound", "wound label", m_wound.data(), m_wound.size());
    recordLastItem(ctx.record, "field:quarantine-wound");
    const bool ready = !q.busy && m_patient[0] != '\0' && m_wound[0] != '\0';
    ImGui::BeginDisabled(!ready);
    if (ImGui::Button("File into this wound", ImVec2(-1, 0))) {
        ctx.intents.push_back(intent::Triage{
            triage_action::FileQuarantined{item->id, m_patient.data(), m_wound.data()}});
    }
    ImGui::EndDisabled();
    recordLastItem(ctx.record, "button:quarantine-file");

    ImGui::Spacing();
    ImGui::BeginDisabled(q.busy);
    if (!m_confirmDiscard) {
        if (ImGui::Button("Discard…", ImVec2(-1, 0)))
            m_confirmDiscard = true;
        recordLastItem(ctx.record, "button:quarantine-discard");
    } else {
        ImGui::TextColored(theme::kWarningText, "Discard this photo? It is filed nowhere.");
        if (ImGui::Button("Discard it", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f, 0))) {
            ctx.intents.push_back(intent::Triage{triage_action::DiscardQuarantined{item->id}});
            m_confirmDiscard = false;
        }
        recordLastItem(ctx.record, "button:quarantine-discard-confirm");
        ImGui::SameLine();
        if (ImGui::Button("Keep", ImVec2(-1, 0)))
            m_confirmDiscard = false;
    }
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "Recorded with your name (%s).",
                       state.annotate.user.empty() ? "asked first" : state.annotate.user.c_str());
}

}  // namespace cicatrix::workstation
