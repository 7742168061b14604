// Import window: paths (typed or dropped), patient and wound (pre-filled from the selection,
// created when new), photo source; shows the per-file report of the last import. Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class ImportDialog final : public Panel {
  public:
    // Edits its own copy of the form (taken from state.import.prefill whenever its generation
    // changes) and sends it with StartImport; CloseImport when closed.
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    ImportForm m_form;
    std::uint64_t m_generation = 0;
};

}  // namespace cicatrix::workstation
