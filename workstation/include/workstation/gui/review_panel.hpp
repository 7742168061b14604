// The label's versions and the review actions: Save (a new in-progress version), Submit, and for
// a submitted label Approve / Send back with a comment — disabled, with the reason, for the
// annotator who submitted it. Main thread only.
#pragma once

#include <array>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class ReviewPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    std::array<char, 512> m_comment{};
};

}  // namespace cicatrix::workstation
