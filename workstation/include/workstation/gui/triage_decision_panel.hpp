// The selected inbox item: who and what it is, the wound's open alerts, the four decisions (keys
// 1-4 pick one, Enter records it with the note; Ctrl+Enter from the note), the note, and the
// wound's decision history. Main thread only.
#pragma once

#include <array>
#include <cstdint>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class TriageDecisionPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    std::array<char, 1024> m_note{};
    std::uint64_t m_noteGeneration = 0;
};

}  // namespace cicatrix::workstation
