// What every painting tool shares: the options ("protect other classes", "paint only inside the
// wound"), the rule they define per pixel, and paintMask, which paints a local mask into a label
// map and returns the edit. Thread rule: a map and its edits belong to one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <string>

#include "annotate/label_classes.hpp"
#include "annotate/label_edit.hpp"

namespace cicatrix::annotate {

struct PaintOptions {
    std::uint8_t classId = kWoundLabel;  // the class painted (with erase: the class being erased)
    bool erase = false;                  // write background (0) instead of classId
    // Protect other classes: only background (0) and classId itself may change, so painting
    // granulation over slough leaves the slough; with erase, only classId pixels are erased.
    bool protectOtherClasses = false;
    // Paint only inside the wound: only pixels that are now a wound class (1..6) or unsure (255)
    // may change, so tissue is refined inside an outline without growing it.
    bool insideWoundOnly = false;
};

struct ToolError {
    std::string message;
};

// The value a tool writes under these options: 0 when erasing, classId otherwise.
[[nodiscard]] constexpr std::uint8_t paintValue(const PaintOptions& o) {
    return o.erase ? kBackgroundLabel : o.classId;
}

// Whether a pixel whose label is now `current` may be changed under these options.
[[nodiscard]] constexpr bool canChange(std::uint8_t current, const PaintOptions& o) {
    if (o.insideWoundOnly && !isWoundClass(current) && current != kIgnoreLabel)
        return false;
    if (o.protectOtherClasses && current != kBackgroundLabel && current != o.classId)
        return false;
    return true;
}

// canChange for every label value, as a table indexed by the label (1 = may change).
[[nodiscard]] std::array<std::uint8_t, 256> changeTable(const PaintOptions& o);

// Sets labels(rect) to `value` where `mask` (CV_8UC1, rect.size(), non-zero = paint) is set and
// canChange allows, and returns the edit shrunk to the pixels that changed (empty rect when none
// did). The map is changed in place; revert(labels, edit) undoes it. `rect` is clipped to the map
// (the mask with it). Cost follows the rectangle, not the map.
[[nodiscard]] LabelEdit paintMask(cv::Mat& labels, cv::Rect rect, const cv::Mat& mask,
                                  std::uint8_t value, const PaintOptions& options,
                                  std::string name);

// The edit from a patch of the map as it was (`before`) to what it is now (`after`), both views
// of `rect`, shrunk to the changed pixels and placed in map coordinates.
[[nodiscard]] LabelEdit localEdit(std::string name, const cv::Mat& before, const cv::Mat& after,
                                  cv::Point offset);

}  // namespace cicatrix::annotate
