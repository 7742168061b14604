// A small centred window with the last user pre-filled.
#include "workstation/gui/user_prompt.hpp"

#include <imgui.h>

#include <algorithm>

#include "workstation/gui/item_record.hpp"

namespace cicatrix::workstation {

void UserPrompt::draw(const AppState& state, DrawContext& ctx) {
    const AnnotateUiState& a = state.annotate;
    if (!a.askUser) {
        m_filled = false;
        return;
    }
    if (!m_filled) {
        m_name.fill('\0');
        const std::string& start = a.user.empty() ? a.suggestedUser : a.user;
        std::copy_n(start.begin(), std::min(start.size(), m_name.size() - 1), m_name.begin());
        m_filled = true;
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(380, 0));
    ImGui::SetNextWindowFocus();
    ImGui::Begin("Who is annotating?###annotator", nullptr,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    ImGui::TextWrapped("Your name is recorded on every label you save, submit or review.");
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputTextWithHint("##name", "Your name", m_name.data(), m_name.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    recordLastItem(ctx.record, "field:annotator-name");
    ImGui::BeginDisabled(m_name[0] == '\0');
    if ((ImGui::Button("Start annotating") || enter) && m_name[0] != '\0')
        ctx.intents.push_back(intent::Annotate{annotate_action::SetUser{m_name.data()}});
    ImGui::EndDisabled();
    ImGui::End();
}

}  // namespace cicatrix::workstation
