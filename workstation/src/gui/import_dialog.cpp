// ImGui form over the dialog's own ImportForm; std::string-backed inputs through fixed buffers.
#include "workstation/gui/import_dialog.hpp"

#include <imgui.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

bool inputString(const char* label, std::string& value, bool multiline = false) {
    std::array<char, 4096> buf{};
    std::strncpy(buf.data(), value.c_str(), buf.size() - 1);
    const bool changed = multiline
                             ? ImGui::InputTextMultiline(label, buf.data(), buf.size(),
                                                         ImVec2(-1, ImGui::GetTextLineHeight() * 4))
                             : ImGui::InputText(label, buf.data(), buf.size());
    if (changed) {
        value = buf.data();
    }
    return changed;
}

bool combo(const char* label, int& index, std::span<const std::string_view> items) {
    std::vector<std::string> owned(items.begin(), items.end());
    std::vector<const char*> ptrs;
    for (const auto& s : owned) {
        ptrs.push_back(s.c_str());
    }
    return ImGui::Combo(label, &index, ptrs.data(), static_cast<int>(ptrs.size()));
}

}  // namespace

void ImportDialog::draw(const AppState& state, DrawContext& ctx) {
    if (!state.import.open) {
        return;
    }
    if (m_generation != state.import.prefillGeneration) {
        m_generation = state.import.prefillGeneration;
        m_form = state.import.prefill;
    }
    ImportForm& form = m_form;
    bool open = true;
    ImGui::SetNextWindowSize(ImVec2(640, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Import photos###import", &open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::TextUnformatted(
            "Files or folders (one per line; folders are searched for JPEG/PNG):");
        inputString("##paths", form.paths, true);
        ImGui::Separator();
        ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        inputString("Patient ID", form.patientExternalId);
        inputString("Patient name (new patient)", form.patientName);
        inputString("Wound ID", form.woundLabel);
        inputString("Anatomical site (new wound)", form.site);
        combo("Laterality (new wound)", form.lateralityIndex, woundLateralities());
        combo("Etiology (new wound)", form.etiologyIndex, woundEtiologies());
        combo("Photo source", form.sourceIndex, photoSourceNames());
        ImGui::PopItemWidth();
        ImGui::TextColored(theme::kMutedText,
                           "Capture time comes from the camera (EXIF); without it the file time is "
                           "used and flagged.");
        const bool ready =
            !form.paths.empty() && !form.patientExternalId.empty() && !form.woundLabel.empty();
        const bool running = state.import.running;
        ImGui::BeginDisabled(!ready || running);
        if (ImGui::Button(running ? "Importing…" : "Import")) {
            ctx.intents.push_back(intent::StartImport{form});
        }
        ImGui::EndDisabled();
        if (!state.import.lastReport.empty()) {
            ImGui::Separator();
            ImGui::BeginChild("report", ImVec2(0, ImGui::GetTextLineHeight() * 8), true);
            for (const std::string& line : state.import.lastReport) {
                const bool bad = line.rfind("rejected", 0) == 0;
                ImGui::TextColored(
                    bad ? theme::kErrorText : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s",
                    line.c_str());
            }
            ImGui::EndChild();
        }
    }
    ImGui::End();
    if (!open) {
        ctx.intents.push_back(intent::CloseImport{});
    }
}

}  // namespace cicatrix::workstation
