// The tissue classes table (colours follow common wound-bed charts: pink, yellow, red, black).
#include "annotate/label_classes.hpp"

#include <algorithm>

namespace cicatrix::annotate {

namespace {
constexpr std::array<LabelClass, 6> kClasses{{
    {0, "background", "Background", "background", {0, 0, 0}},
    {1, "epithelial", "Epithelial", "epithelial", {255, 160, 200}},
    {2, "slough", "Slough / fibrin", "slough", {240, 220, 60}},
    {3, "granulation", "Granulation", "granulation", {220, 40, 40}},
    {4, "necrotic", "Necrosis / eschar", "necrosis", {40, 40, 40}},
    {5, "other", "Other", "other", {80, 160, 255}},
}};
constexpr std::uint8_t kMidGrey = 150;
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

std::array<std::uint8_t, 3> rgbOnDark(std::uint8_t id) {
    const auto c = findTissueClass(id);
    if (!c)
        return {200, 200, 200};
    if (std::ranges::max(c->rgb) < kMidGrey)
        return {kMidGrey, kMidGrey, kMidGrey};
    return c->rgb;
}

}  // namespace cicatrix::annotate
