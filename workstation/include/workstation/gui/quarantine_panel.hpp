// The selected quarantined photo (Triage, quarantine tab): why it was refused, what it claims and
// what its token says (unverified), how it arrived; and the user's resolution — file it into a
// patient's wound (pre-filled with the claimed one) or discard it (asked twice). Both are
// recorded with the user's name. Main thread only.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

// A short title for a quarantine reason key ("Forged token", "Wrong wound", …).
[[nodiscard]] std::string_view quarantineReasonTitle(std::string_view reason);

class QuarantinePanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    std::int64_t m_itemId = 0;  // the item the fields were filled for
    std::array<char, 128> m_patient{};
    std::array<char, 128> m_wound{};
    bool m_confirmDiscard = false;
};

}  // namespace cicatrix::workstation
