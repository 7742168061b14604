// "Who is annotating?": asked the first time the Annotate workspace opens without --as; the name
// goes on every label action and is remembered in the settings. Main thread only.
#pragma once

#include <array>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class UserPrompt final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    std::array<char, 64> m_name{};
    bool m_filled = false;
};

}  // namespace cicatrix::workstation
