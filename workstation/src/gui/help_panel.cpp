// The help window.
#include "workstation/gui/help_panel.hpp"

#include <imgui.h>

#include <array>
#include <string>

namespace cicatrix::workstation {

std::span<const Shortcut> shortcuts() {
    static constexpr std::array<Shortcut, 26> kShortcuts{{
        {"Left / Right", "Previous / next photo on the timeline"},
        {"Home / End", "First / last photo"},
        {"F", "Fit the photo to the viewer"},
        {"1", "Actual pixels (1:1)"},
        {"+ / -", "Zoom in / out about the viewer centre"},
        {"Mouse wheel", "Zoom about the cursor"},
        {"Drag", "Pan"},
        {"Double-click", "Toggle fit / 1:1"},
        {"Up / Down", "Previous / next wound of the patient"},
        {"A", "Analyse the photo (wound outline, area, tissue)"},
        {"O", "Show / hide the analysis overlay"},
        {"Ctrl+F", "Search patients"},
        {"Ctrl+I", "Import photos"},
        {"Drop files", "Import them into the selected wound"},
        {"Ctrl+Shift+S", "Sync now with the hospital image stores"},
        {"F2 / F3", "Browse / Annotate workspace"},
        {"Annotate: 0-7", "Pick the label class (see the legend)"},
        {"Annotate: [ / ]", "Smaller / larger brush"},
        {"Annotate: B / E / P / G", "Brush, eraser, polygon, GrabCut box"},
        {"Annotate: Ctrl+Z", "Undo"},
        {"Annotate: Ctrl+Shift+Z, Ctrl+Y", "Redo"},
        {"Annotate: Ctrl+S", "Save the label (a new version)"},
        {"Annotate: Space + drag", "Pan while a tool is active"},
        {"Polygon: Enter, double- or right-click", "Close and apply the polygon (Esc drops it)"},
        {"F1 or ?", "Show / hide this help"},
        {"Ctrl+Q", "Quit"},
    }};
    return kShortcuts;
}

void HelpPanel::draw(const AppState& state, DrawContext& ctx) {
    if (!state.showHelp) {
        return;
    }
    bool open = true;
    ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Keyboard and mouse###help", &open,
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize)) {
        if (ImGui::BeginTable("shortcuts", 2,
                              ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            for (const Shortcut& s : shortcuts()) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(std::string(s.keys).c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(std::string(s.action).c_str());
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
    if (!open) {
        ctx.intents.push_back(intent::ToggleHelp{});
    }
}

}  // namespace cicatrix::workstation
