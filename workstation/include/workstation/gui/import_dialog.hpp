// Import window: paths (typed or dropped), patient and wound (pre-filled from the selection,
// created when new), photo source; shows the per-file report of the last import. Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class ImportDialog {
  public:
    // Edits the form in place (it is UI-local input state), emits StartImport / CloseImport.
    void draw(const AppState& state, ImportForm& form, DrawContext& ctx);
};

}  // namespace cicatrix::workstation
