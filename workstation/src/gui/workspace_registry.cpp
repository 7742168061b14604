// The one list of workspaces (each owns its panels). Compare, Annotate and Triage join here.
#include "workstation/gui/browse_workspace.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

std::vector<std::unique_ptr<Workspace>> makeWorkspaces() {
    std::vector<std::unique_ptr<Workspace>> all;
    all.push_back(std::make_unique<BrowseWorkspace>());
    return all;
}

}  // namespace cicatrix::workstation
