// Child windows sized from the saved layout, clamped to the window; draggable splitters.
#include "workstation/gui/browse_workspace.hpp"

#include <imgui.h>

#include <algorithm>

namespace cicatrix::workstation {

namespace {

constexpr float kSplitter = 6.0f;

void child(const char* id, ImVec2 size, Panel& panel, const AppState& state, DrawContext& ctx,
           bool padded = true) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padded ? ImVec2(10, 8) : ImVec2(0, 0));
    ImGui::BeginChild(id, size, false,
                      padded ? ImGuiWindowFlags_AlwaysUseWindowPadding
                             : ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    panel.draw(state, ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

// A splitter the user drags; returns the mouse movement along its axis while dragged.
std::optional<float> splitter(const char* id, ImVec2 size, bool vertical) {
    ImGui::InvisibleButton(id, size);
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
        ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    }
    if (!ImGui::IsItemActive())
        return std::nullopt;
    return vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
}

}  // namespace

void BrowseWorkspace::draw(const AppState& state, DrawContext& ctx, float height) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const UiLayout& layout = state.layout;
    const float sidebar = std::clamp(layout.sidebarWidth, 200.0f, std::max(200.0f, avail.x * 0.5f));

    child("sidebar", ImVec2(sidebar, height), m_patients, state, ctx);
    ImGui::SameLine(0, 0);
    if (const auto dx = splitter("##split-v", ImVec2(kSplitter, height), true)) {
        ctx.intents.push_back(intent::SetSidebarWidth{sidebar + *dx});
    }
    ImGui::SameLine(0, 0);

    ImGui::BeginGroup();
    const float rightWidth = avail.x - sidebar - kSplitter;
    const float timelineHeight =
        std::clamp(layout.timelineHeight, 140.0f, std::max(140.0f, height * 0.6f));
    child("timeline", ImVec2(rightWidth, timelineHeight), m_timeline, state, ctx);
    const float trendHeight = state.selectedWound() == nullptr ? 0.0f
                              : state.analyses.empty() ? ImGui::GetFrameHeightWithSpacing() + 8.0f
                                                       : std::clamp(height * 0.2f, 150.0f, 220.0f);
    if (trendHeight > 0.0f) {
        child("trend", ImVec2(rightWidth, trendHeight), m_trend, state, ctx);
    }
    if (const auto dy = splitter("##split-h", ImVec2(rightWidth, kSplitter), false)) {
        ctx.intents.push_back(intent::SetTimelineHeight{timelineHeight + *dy});
    }
    const float viewerHeight = height - timelineHeight - trendHeight - kSplitter;
    const float infoWidth = std::clamp(layout.infoWidth, 220.0f, 420.0f);
    child("viewer", ImVec2(rightWidth - infoWidth, viewerHeight), m_viewer, state, ctx,
          /*padded=*/false);
    ImGui::SameLine(0, 0);
    child("info", ImVec2(infoWidth, viewerHeight), m_info, state, ctx);
    ImGui::EndGroup();
}

}  // namespace cicatrix::workstation
