// What the Triage workspace's panels and keys ask for; applied by the TriageController after the
// frame (wrapped in intent::Triage, see intents.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
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

// The quarantine tab.
struct ShowQuarantine {
    bool shown;
};
struct SelectQuarantined {
    std::size_t index;
};
struct FileQuarantined {
    std::int64_t itemId;
    std::string patientExternalId, woundLabel;
};
struct DiscardQuarantined {
    std::int64_t itemId;
};

using Action = std::variant<Load, Select, Step, Pick, Decide, ShowQuarantine, SelectQuarantined,
                            FileQuarantined, DiscardQuarantined>;

}  // namespace cicatrix::workstation::triage_action
