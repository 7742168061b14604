// The toolbar, then the slots in a 1×2 row or a 2×2 grid filling the rest.
#include "workstation/gui/compare_workspace.hpp"

#include <imgui.h>

#include <array>
#include <cmath>

#include "workstation/gui/item_record.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

void CompareWorkspace::drawToolbar(const AppState& state, DrawContext& ctx) {
    const CompareUiState& c = state.compare;
    const auto push = [&](compare_action::Action a) {
        ctx.intents.push_back(intent::Compare{std::move(a)});
    };
    ImGui::Indent(8.0f);
    if (ImGui::RadioButton("1×2", c.layout == CompareLayout::OneByTwo))
        push(compare_action::SetLayout{CompareLayout::OneByTwo});
    ImGui::SameLine();
    if (ImGui::RadioButton("2×2", c.layout == CompareLayout::TwoByTwo))
        push(compare_action::SetLayout{CompareLayout::TwoByTwo});
    ImGui::SameLine(0, 24);
    bool linked = c.linked;
    if (ImGui::Checkbox("Link zoom and pan (L)", &linked))
        push(compare_action::SetLinked{linked});
    ImGui::SameLine(0, 24);
    if (ImGui::Button("Fit all (F)"))
        push(compare_action::FitAll{});
    ImGui::SameLine();
    if (ImGui::Button("1:1 all (1)"))
        push(compare_action::ActualPixelsAll{});
    ImGui::SameLine();
    if (ImGui::Button("Align again"))
        push(compare_action::Align{});
    ImGui::SameLine();
    if (ImGui::Button("Report (PDF)"))
        ctx.intents.push_back(intent::WriteReport{});
    ImGui::SameLine(0, 24);
    static constexpr std::array<const char*, 4> kModes{"Side by side", "Fade", "Flicker",
                                                       "Reference outline"};
    int mode = static_cast<int>(c.overlay);
    ImGui::SetNextItemWidth(170.0f);
    if (ImGui::Combo("Overlay (O)", &mode, kModes.data(), static_cast<int>(kModes.size())))
        push(compare_action::SetOverlay{static_cast<CompareOverlay>(mode)});
    recordLastItem(ctx.record, "compare-overlay-mode");
    if (c.overlay == CompareOverlay::Fade) {
        ImGui::SameLine();
        float fade = c.fade;
        ImGui::SetNextItemWidth(160.0f);
        if (ImGui::SliderFloat("reference", &fade, 0.0f, 1.0f, "%.2f"))
            push(compare_action::SetFade{fade});
    }
    ImGui::Unindent(8.0f);
}

void CompareWorkspace::draw(const AppState& state, DrawContext& ctx, float height) {
    const CompareUiState& c = state.compare;
    const float top = ImGui::GetCursorPosY();
    ImGui::Dummy(ImVec2(0, 2));
    drawToolbar(state, ctx);
    const WoundSummary* wound = state.selectedWound();
    if (wound == nullptr || state.timeline.empty()) {
        ImGui::Spacing();
        ImGui::Indent(8.0f);
        ImGui::TextColored(theme::kMutedText,
                           wound == nullptr ? "Select a patient and a wound in Browse (F2) first."
                                            : "This wound has no photo yet.");
        ImGui::Unindent(8.0f);
        return;
    }
    const float used = ImGui::GetCursorPosY() - top;
    const ImVec2 avail(ImGui::GetContentRegionAvail().x, height - used);
    const bool grid = c.layout == CompareLayout::TwoByTwo;
    const ImVec2 cell(std::floor(avail.x / 2.0f), std::floor(grid ? avail.y / 2.0f : avail.y));
    for (std::size_t s = 0; s < c.slots(); ++s) {
        if (s % 2 == 1)
            ImGui::SameLine(0, 0);
        m_slots[s].draw(state, ctx, cell);
    }
}

}  // namespace cicatrix::workstation
