// Compare: a toolbar (layout 1×2 / 2×2, linked views, fit / 1:1 for all, align again, overlay
// mode and fade) above 2 or 4 slots, each a photo of the same wound from another visit picked
// from the timeline, with its measurements and the change since slot 0 (the reference). Aligned
// slots can show the reference faded over them, flickering with them, or its wound outline.
// Main thread only.
#pragma once

#include <array>

#include "workstation/gui/compare_slot.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

class CompareWorkspace final : public Workspace {
  public:
    static constexpr std::string_view kName = "Compare";
    [[nodiscard]] std::string_view name() const override { return kName; }
    void draw(const AppState& state, DrawContext& ctx, float height) override;

  private:
    void drawToolbar(const AppState& state, DrawContext& ctx);

    std::array<CompareSlot, kCompareSlots> m_slots{CompareSlot{0}, CompareSlot{1}, CompareSlot{2},
                                                   CompareSlot{3}};
};

}  // namespace cicatrix::workstation
