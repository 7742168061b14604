// What the Triage workspace's panels and keys ask for; applied by the TriageController after the
// frame (wrapped in intent::Triage, see intents.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <variant>

#include "library/triage_repository.hpp"

namespace cicatrix::workstation::triage_action {

struct Load {};
struct Select {
    std::size_t index;
};
struct Step {
    int delta;  // +1 next, -1 previous
};
struct Pick {
    library::TriageDecision decision;
};
struct Decide {
    library::TriageDecision decision;
    std::string note;
};

using Action = std::variant<Load, Select, Step, Pick, Decide>;

}  // namespace cicatrix::workstation::triage_action
