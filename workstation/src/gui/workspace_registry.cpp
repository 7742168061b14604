// The one list of workspaces (each owns its panels). Compare and Triage join here.
#include "workstation/gui/annotate_workspace.hpp"
#include "workstation/gui/browse_workspace.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

std::vector<std::unique_ptr<Workspace>> makeWorkspaces(const AnnotateController& annotate) {
    std::vector<std::unique_ptr<Workspace>> all;
    all.push_back(std::make_unique<BrowseWorkspace>());
    all.push_back(std::make_unique<AnnotateWorkspace>(annotate));
    return all;
}

}  // namespace cicatrix::workstation
