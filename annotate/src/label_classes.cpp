// The tissue classes table (colours follow common wound-bed charts: pink, yellow, red, black).
#include "annotate/label_classes.hpp"

#include <algorithm>

namespace cicatrix::annotate {

namespace {
constexpr std::array<LabelClass, 6> kClasses{{
    {0, "background", "Background", {0, 0, 0}},
    {1, "epithelial", "Epithelial", {255, 160, 200}},
    {2, "slough", "Slough / fibrin", {240, 220, 60}},
    {3, "granulation", "Granulation", {220, 40, 40}},
    {4, "necrotic", "Necrosis / eschar", {40, 40, 40}},
    {5, "other", "Other", {80, 160, 255}},
}};
}  // namespace

std::span<const LabelClass> tissueClasses() {
    return kClasses;
}

std::optional<LabelClass> findTissueClass(std::uint8_t id) {
    const auto it = std::ranges::find(kClasses, id, &LabelClass::id);
    if (it == kClasses.end()) {
        return std::nullopt;
    }
    return *it;
}

}  // namespace cicatrix::annotate
