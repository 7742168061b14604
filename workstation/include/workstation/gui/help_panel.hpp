// Keyboard and mouse reference (F1 or ?). The shortcut table is the one the app dispatches on.
// Main thread only.
#pragma once

#include <span>
#include <string_view>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

struct Shortcut {
    std::string_view keys;
    std::string_view action;
};

[[nodiscard]] std::span<const Shortcut> shortcuts();

class HelpPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;
};

}  // namespace cicatrix::workstation
