// A workspace is a set of panels laid out for one job (Browse today; Compare, Annotate and
// Triage next). The shell draws the active one below the menu bar; the registry below is the
// one place workspaces and their panels are listed. Main thread only.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class Workspace {
  public:
    virtual ~Workspace() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    // Fills the region below the menu bar and above the status bar.
    virtual void draw(const AppState& state, DrawContext& ctx, float height) = 0;
};

class AnnotateController;

// Every workspace of the app, in menu order. Annotate reads its label layers from `annotate`.
[[nodiscard]] std::vector<std::unique_ptr<Workspace>> makeWorkspaces(
    const AnnotateController& annotate);

}  // namespace cicatrix::workstation
