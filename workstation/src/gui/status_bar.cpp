// Jobs are grouped by name (thumbnails come in batches) so the bar stays readable; a running sync
// has its own line (server, phase, counts, bytes, rate).
#include "workstation/gui/status_bar.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <map>

#include "workstation/gui/fitted_text.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

void StatusBar::draw(const AppState& state, DrawContext& ctx) {
    const StatusInfo& info = ctx.status;
    const SyncUiState& sync = state.sync;
    std::map<std::string, int> groups;  // "Thumbnail" ×12
    const JobStatus* withProgress = nullptr;
    for (const JobStatus& j : info.jobs) {
        const std::string group = j.name.substr(0, j.name.find(':'));
        if (group == "Sync" && sync.running)
            continue;  // shown with its own progress line below
        groups[group]++;
        if (j.running && j.progress >= 0.0f && withProgress == nullptr) {
            withProgress = &j;
        }
    }
    if (sync.running) {
        // "Sync pacs: pulling 120/500 photos · 34.2 MB · 5.1 MB/s"
        ImGui::TextColored(theme::kOkText, "%s", sync.progressText.c_str());
        if (sync.progressFraction >= 0.0f) {
            ImGui::SameLine();
            ImGui::ProgressBar(sync.progressFraction, ImVec2(ImGui::GetTextLineHeight() * 8, 0));
        }
        if (!groups.empty())
            ImGui::SameLine(0, 24);
    }
    if (groups.empty()) {
        if (!sync.running)
            ImGui::TextColored(theme::kMutedText, "Ready");
    } else {
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
    const float rightX =
        std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowContentRegionMax().x - w - 12.0f);
    ImGui::SameLine(rightX);
    ImGui::TextColored(theme::kMutedText, "%s", right.c_str());
    if (!state.notices.empty()) {
        const Notice& n = state.notices.back();
        if (ctx.now - n.shownAt < 12.0) {
            const float x = ImGui::GetWindowContentRegionMax().x * 0.35f;
            ImGui::SameLine(x);
            // Cut to the room left of the library path; the whole text on hover.
            const std::string shown = fitText(n.text, rightX - x - 24.0f);
            ImGui::TextColored(n.error ? theme::kErrorText : theme::kWarningText, "%s",
                               shown.c_str());
            if (shown.size() != n.text.size() && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", n.text.c_str());
        }
    }
}

}  // namespace cicatrix::workstation
