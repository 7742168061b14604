// The one list of workspaces (each owns its panels), in menu order.
#include "workstation/gui/annotate_workspace.hpp"
#include "workstation/gui/browse_workspace.hpp"
#include "workstation/gui/compare_workspace.hpp"
#include "workstation/gui/triage_workspace.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

std::vector<std::unique_ptr<Workspace>> makeWorkspaces(const AnnotateController& annotate) {
    std::vector<std::unique_ptr<Workspace>> all;
    all.push_back(std::make_unique<BrowseWorkspace>());
    all.push_back(std::make_unique<AnnotateWorkspace>(annotate));
    all.push_back(std::make_unique<CompareWorkspace>());
    all.push_back(std::make_unique<TriageWorkspace>());
    return all;
}

}  // namespace cicatrix::workstation
