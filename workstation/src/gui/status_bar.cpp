// Jobs are grouped by name (thumbnails come in batches) so the bar stays readable.
#include "workstation/gui/status_bar.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <map>

#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

void StatusBar::draw(const AppState& state, DrawContext& ctx) {
    const StatusInfo& info = ctx.status;
    if (info.jobs.empty()) {
        ImGui::TextColored(theme::kMutedText, "Ready");
    } else {
        std::map<std::string, int> groups;  // "Thumbnail" ×12
        const JobStatus* withProgress = nullptr;
        for (const JobStatus& j : info.jobs) {
            groups[j.name.substr(0, j.name.find(':'))]++;
            if (j.running && j.progress >= 0.0f && withProgress == nullptr) {
                withProgress = &j;
            }
        }
        std::string text;
        for (const auto& [name, count] : groups) {
            text += count > 1 ? fmt::format("{} ×{}   ", name, count) : name + "   ";
        }
        ImGui::Text("Working: %s", text.c_str());
        if (withProgress != nullptr) {
            ImGui::SameLine();
            ImGui::ProgressBar(withProgress->progress, ImVec2(ImGui::GetTextLineHeight() * 8, 0));
        }
    }
    const std::string right =
        fmt::format("{}   ·   GPU cache {} / {} MiB", state.libraryDir.string(),
                    info.textureBytes >> 20, info.textureBudget >> 20);
    const float w = ImGui::CalcTextSize(right.c_str()).x;
    ImGui::SameLine(
        std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowContentRegionMax().x - w - 12.0f));
    ImGui::TextColored(theme::kMutedText, "%s", right.c_str());
    if (!state.notices.empty()) {
        const Notice& n = state.notices.back();
        if (ctx.now - n.shownAt < 12.0) {
            ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x * 0.35f);
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x * 0.35f);
            ImGui::TextColored(n.error ? theme::kErrorText : theme::kWarningText, "%s",
                               n.text.c_str());
        }
    }
}

}  // namespace cicatrix::workstation
