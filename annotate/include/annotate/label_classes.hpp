// The tissue label vocabulary shared by masks, models, reports and exports: the one place where
// class ids get their names and colours (ml speaks in ids only). Ids follow LUTSeg (0 background,
// 1 epithelial, 2 slough, 3 granulation, 4 necrotic, 5 other, 255 ignore) so its expert masks are
// read without remapping; the annotation palette adds 6 "wound, tissue not specified" and 255
// "unsure / ignore" (excluded from training and scoring). Thread-safe (constant data).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cicatrix::annotate {

struct LabelClass {
    std::uint8_t id;
    std::string_view key;      // stable machine name, used in files and JSON
    std::string_view display;  // what a clinician reads in panels
    std::string_view word;     // one lower-case word for compact text: chart legends, CLI summaries
    std::array<std::uint8_t, 3> rgb;  // overlay colour (RGB)
    char hotkey;                      // the digit that selects it in the annotation palette
};

inline constexpr std::uint8_t kBackgroundLabel = 0;
inline constexpr std::uint8_t kWoundLabel = 6;  // wound whose tissue is not specified
inline constexpr std::uint8_t kIgnoreLabel = 255;

// The wound-bed tissues (ids 1..4) in the order reports list them.
inline constexpr std::array<std::uint8_t, 4> kTissueReportOrder{
    3, 2, 4, 1};  // granulation, slough, necrosis, epithelial

// The classes a segmentation model and the overlay know (ids 0..5, in id order). Ids 6 and 255
// are not among them: they exist only in annotated label maps.
[[nodiscard]] std::span<const LabelClass> tissueClasses();
[[nodiscard]] std::optional<LabelClass> findTissueClass(std::uint8_t id);

// Every class an annotator can paint, in palette order: background (the eraser's target), wound,
// granulation, slough, necrosis, epithelial, other, unsure. Hotkeys '1'..'7' in that order and
// '0' for unsure.
[[nodiscard]] std::span<const LabelClass> labelClasses();
[[nodiscard]] std::optional<LabelClass> findLabelClass(std::uint8_t id);
[[nodiscard]] std::optional<LabelClass> findLabelClassByHotkey(char hotkey);

// True for the ids that mark wound (1..6: any tissue, or wound of unspecified tissue); false for
// background, unsure and unknown ids.
[[nodiscard]] constexpr bool isWoundClass(std::uint8_t id) {
    return id >= 1 && id <= kWoundLabel;
}

// The colour of any label class (wound and unsure included) for lines, bars, swatches and the
// label layer on the workstation's dark background: a class
// darker than mid-grey (necrosis is black in the overlay) is lifted to mid-grey so it stays
// visible. Unknown ids: light grey.
[[nodiscard]] std::array<std::uint8_t, 3> rgbOnDark(std::uint8_t id);

}  // namespace cicatrix::annotate
