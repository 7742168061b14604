// The Annotate workspace's keys (Slicer / CVAT conventions): digits pick the class, [ and ] the
// brush size, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo, Ctrl+S saves, B / E / P / G pick
// brush, eraser, polygon and GrabCut. Space held pans (the canvas tool reads it). Main thread only.
#pragma once

#include <vector>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/intents.hpp"

namespace cicatrix::workstation {

void annotateShortcutIntents(const AppState& state, std::vector<Intent>& intents);

}  // namespace cicatrix::workstation
