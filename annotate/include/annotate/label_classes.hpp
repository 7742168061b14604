// The tissue label vocabulary shared by masks, models and exports.
// Ids follow LUTSeg (0 background, 1 epithelial, 2 slough, 3 granulation, 4 necrotic, 5 other,
// 255 ignore) so its expert masks are read without remapping. Thread-safe (constant data).
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
    std::string_view display;  // what a clinician reads
    std::array<std::uint8_t, 3> rgb;
};

inline constexpr std::uint8_t kIgnoreLabel = 255;

[[nodiscard]] std::span<const LabelClass> tissueClasses();
[[nodiscard]] std::optional<LabelClass> findTissueClass(std::uint8_t id);

}  // namespace cicatrix::annotate
