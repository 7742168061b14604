// The annotation queue: photos without an approved label, most uncertain model outline first,
// with the status of their latest label version; filters by patient and status; a click opens
// the photo for labelling. Main thread only.
#pragma once

#include <array>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class QueuePanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    std::array<char, 64> m_patient{};
};

}  // namespace cicatrix::workstation
