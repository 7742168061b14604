// Keys: 1-4 pick a decision, Enter records the picked one, N focuses the note, Ctrl+Enter in the
// note records; J/K and the arrow keys move through the inbox (workspace_keys.cpp).
#include "workstation/gui/triage_decision_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "render/keys.hpp"
#include "workstation/gui/item_record.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

constexpr std::array<TriageDecision, 4> kDecisions{TriageDecision::NoAction, TriageDecision::Advice,
                                                   TriageDecision::TreatmentAdjusted,
                                                   TriageDecision::Consultation};

}  // namespace

void TriageDecisionPanel::draw(const AppState& state, DrawContext& ctx) {
    const TriageUiState& t = state.triage;
    if (m_noteGeneration != t.noteGeneration) {
        m_note.fill('\0');
        m_noteGeneration = t.noteGeneration;
    }
    const InboxItem* item = t.current();
    if (item == nullptr) {
        ImGui::TextColored(theme::kMutedText, "No item selected.");
        return;
    }
    ImGui::TextWrapped("%s (%s)", item->patientName.c_str(), item->patientExternalId.c_str());
    ImGui::TextWrapped("Wound %s%s%s", item->woundLabel.c_str(),
                       item->woundSite.empty() ? "" : " · ", item->woundSite.c_str());
    ImGui::TextColored(theme::kMutedText, "Photo %lld · %s · taken %s",
                       static_cast<long long>(item->photo.id),
                       std::string(displayName(item->photo.source)).c_str(),
                       item->photo.capturedAt.substr(0, 16).c_str());

    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "Alerts");
    if (item->alerts.empty())
        ImGui::TextWrapped("None raised by the healing rules.");
    for (const StoredAlert& a : item->alerts) {
        ImGui::TextColored(a.severity >= 3 ? theme::kErrorText : theme::kWarningText, "%s",
                           a.title.c_str());
        ImGui::Indent();
        ImGui::TextWrapped("%s", a.explanation.c_str());
        ImGui::Unindent();
    }

    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "Decision");
    const bool ready = !t.busy;
    for (std::size_t i = 0; i < kDecisions.size(); ++i) {
        const TriageDecision d = kDecisions[i];
        const bool picked = t.picked == d;
        if (picked)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        ImGui::BeginDisabled(!ready);
        if (ImGui::Button(fmt::format("{}  {}###decide{}", i + 1, displayName(d), i).c_str(),
                          ImVec2(-1, 0))) {
            ctx.intents.push_back(intent::Triage{triage_action::Decide{d, m_note.data()}});
        }
        ImGui::EndDisabled();
        recordLastItem(ctx.record, fmt::format("button:decide-{}", toString(d)));
        if (picked)
            ImGui::PopStyleColor();
    }
    if (render::keyPressed(render::Key::N) && !ImGui::GetIO().WantTextInput)
        ImGui::SetKeyboardFocusHere();
    ImGui::InputTextMultiline("##note", m_note.data(), m_note.size(), ImVec2(-1, 80));
    recordLastItem(ctx.record, "field:triage-note");
    // Ctrl+Enter records from the note too (it leaves the field); a plain Enter outside it.
    const bool typing = ImGui::GetIO().WantTextInput;
    if (t.picked && ready &&
        (render::keyPressed(render::Key::Enter, render::kCtrl) ||
         (!typing && render::keyPressed(render::Key::Enter)))) {
        ctx.intents.push_back(intent::Triage{triage_action::Decide{*t.picked, m_note.data()}});
    }
    ImGui::TextColored(theme::kMutedText, "A note is required except for \"no action\".");
    ImGui::TextColored(
        theme::kMutedText,
        t.picked ? "Enter records \"%s\" with the note." : "Keys 1-4 pick, Enter records; N: note.",
        t.picked ? std::string(displayName(*t.picked)).c_str() : "");
    if (state.annotate.user.empty())
        ImGui::TextColored(theme::kWarningText, "Your name is asked before the first decision.");
    else
        ImGui::TextColored(theme::kMutedText, "Recorded as %s.", state.annotate.user.c_str());

    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "Decisions on this wound (%zu)", t.history.size());
    for (auto it = t.history.rbegin(); it != t.history.rend(); ++it) {
        ImGui::BulletText("%s · %s · %s", it->decidedAt.substr(0, 16).c_str(),
                          std::string(displayName(it->decision)).c_str(), it->decidedBy.c_str());
        if (!it->note.empty()) {
            ImGui::Indent();
            ImGui::TextWrapped("\"%s\"", it->note.c_str());
            ImGui::Unindent();
        }
    }
}

}  // namespace cicatrix::workstation
