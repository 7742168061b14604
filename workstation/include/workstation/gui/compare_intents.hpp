// What the Compare workspace's panels and keys ask for; applied by the CompareController after
// the frame (wrapped in intent::Compare, see intents.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>

#include "render/view_transform.hpp"
#include "workstation/gui/compare_state.hpp"

namespace cicatrix::workstation::compare_action {

struct SetLayout {
    CompareLayout layout;
};
struct SetPhoto {
    std::size_t slot;
    std::int64_t photoId;
};
struct SetLinked {
    bool linked;
};
struct SetOverlay {
    CompareOverlay overlay;
};
struct SetFade {
    float fade;
};
struct Align {  // every slot against slot 0 again
};
struct Nudge {
    std::size_t slot;
    render::Vec2 delta;  // reference pixels
};
struct ResetNudge {
    std::size_t slot;
};
struct Focus {
    std::size_t slot;
};
struct FitAll {};
struct ActualPixelsAll {};

using Action = std::variant<SetLayout, SetPhoto, SetLinked, SetOverlay, SetFade, Align, Nudge,
                            ResetNudge, Focus, FitAll, ActualPixelsAll>;

}  // namespace cicatrix::workstation::compare_action
