// The Triage and Compare workspaces' keys. Triage: J / Down next item, K / Up previous, 1-4 pick
// a decision (Enter records it, see the decision panel). Compare: F fit all, 1 actual pixels for
// all, L link views, Tab next slot, M cycles the overlay mode. Main thread only.
#pragma once

#include <vector>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/intents.hpp"

namespace cicatrix::workstation {

void triageShortcutIntents(const AppState& state, std::vector<Intent>& intents);
void compareShortcutIntents(const AppState& state, std::vector<Intent>& intents);

}  // namespace cicatrix::workstation
