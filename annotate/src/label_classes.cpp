// The label classes table (colours follow common wound-bed charts: pink, yellow, red, black; the
// unspecified wound is orange and "unsure" magenta so neither reads as a tissue).
#include "annotate/label_classes.hpp"

#include <algorithm>

namespace cicatrix::annotate {

namespace {
// The one definition, in palette order.
constexpr std::array<LabelClass, 8> kPalette{{
    {0, "background", "Background", "background", {0, 0, 0}, '1'},
    {6, "wound", "Wound (tissue not specified)", "wound", {255, 140, 0}, '2'},
    {3, "granulation", "Granulation", "granulation", {220, 40, 40}, '3'},
    {2, "slough", "Slough / fibrin", "slough", {240, 220, 60}, '4'},
    {4, "necrotic", "Necrosis / eschar", "necrosis", {40, 40, 40}, '5'},
    {1, "epithelial", "Epithelial", "epithelial", {255, 160, 200}, '6'},
    {5, "other", "Other", "other", {80, 160, 255}, '7'},
    {kIgnoreLabel, "unsure", "Unsure / ignore", "unsure", {200, 0, 200}, '0'},
}};

// The model's classes 0..5 in id order, taken from the palette.
constexpr std::array<LabelClass, 6> kTissue = [] {
    std::array<LabelClass, 6> out{};
    for (const LabelClass& c : kPalette) {
        if (c.id < out.size())
            out[c.id] = c;
    }
    return out;
}();
constexpr std::uint8_t kMidGrey = 150;

std::optional<LabelClass> findIn(std::span<const LabelClass> table, std::uint8_t id) {
    const auto it = std::ranges::find(table, id, &LabelClass::id);
    if (it == table.end()) {
        return std::nullopt;
    }
    return *it;
}
}  // namespace

std::span<const LabelClass> tissueClasses() {
    return kTissue;
}

std::optional<LabelClass> findTissueClass(std::uint8_t id) {
    return findIn(kTissue, id);
}

std::span<const LabelClass> labelClasses() {
    return kPalette;
}

std::optional<LabelClass> findLabelClass(std::uint8_t id) {
    return findIn(kPalette, id);
}

std::optional<LabelClass> findLabelClassByHotkey(char hotkey) {
    const auto it = std::ranges::find(kPalette, hotkey, &LabelClass::hotkey);
    if (it == kPalette.end())
        return std::nullopt;
    return *it;
}

std::array<std::uint8_t, 3> rgbOnDark(std::uint8_t id) {
    const auto c = findLabelClass(id);
    if (!c)
        return {200, 200, 200};
    if (std::ranges::max(c->rgb) < kMidGrey)
        return {kMidGrey, kMidGrey, kMidGrey};
    return c->rgb;
}

}  // namespace cicatrix::annotate
