// The keyboard shortcuts, in one place: keys pressed this frame (recorded from GLFW callbacks,
// see render/keys.hpp) become intents. Text fields keep their keys. Main thread only.
#pragma once

#include <vector>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/intents.hpp"

namespace cicatrix::workstation {

void shortcutIntents(const AppState& state, std::vector<Intent>& intents);

}  // namespace cicatrix::workstation
