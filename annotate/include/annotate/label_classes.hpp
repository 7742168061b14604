// The tissue label vocabulary shared by masks, models, reports and exports: the one place where
// class ids get their names and colours (ml speaks in ids only). Ids follow LUTSeg (0 background,
// 1 epithelial, 2 slough, 3 granulation, 4 necrotic, 5 other, 255 ignore) so its expert masks are
// read without remapping. Thread-safe (constant data).
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
};

inline constexpr std::uint8_t kIgnoreLabel = 255;

// The wound-bed tissues (ids 1..4) in the order reports list them.
inline constexpr std::array<std::uint8_t, 4> kTissueReportOrder{
    3, 2, 4, 1};  // granulation, slough, necrosis, epithelial

[[nodiscard]] std::span<const LabelClass> tissueClasses();
[[nodiscard]] std::optional<LabelClass> findTissueClass(std::uint8_t id);

// The class colour for lines, bars and swatches on the workstation's dark background: a class
// darker than mid-grey (necrosis is black in the overlay) is lifted to mid-grey so it stays
// visible. Unknown ids: light grey.
[[nodiscard]] std::array<std::uint8_t, 3> rgbOnDark(std::uint8_t id);

}  // namespace cicatrix::annotate
