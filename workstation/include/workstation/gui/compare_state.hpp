// What the Compare workspace shows, as plain values (part of AppState): photos of one wound from
// different visits in 1×2 or 2×2 slots (slot 0 is the reference, the earliest by default), the
// alignment of every other slot onto slot 0 (automatic, plus a manual nudge), linked views and
// the overlay mode. Main thread only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "render/view_transform.hpp"

namespace cicatrix::workstation {

// Viewports of the Compare workspace: kCompareFirstViewport + slot.
inline constexpr std::size_t kCompareFirstViewport = 4;
inline constexpr std::size_t kCompareSlots = 4;

enum class CompareLayout { OneByTwo, TwoByTwo };
// How a slot other than 0 shows the reference visit once aligned: not at all, faded over it,
// flickering with it, or as the reference visit's wound outline over the slot's photo.
enum class CompareOverlay { None, Fade, Flicker, Outline };

using Homography = std::array<double, 9>;  // row-major 3×3

struct SlotAlignment {
    bool running = false;
    std::int64_t referenceId = 0, photoId = 0;   // the pair it was computed for
    std::optional<Homography> photoToReference;  // slot photo px -> reference photo px
    double quality = 0.0;
    std::string method;   // markers | features | ecc | manual
    std::string summary;  // shown under the slot
    std::string error;    // why it failed (then the nudge works from identity)
    render::Vec2 nudge;   // manual shift in reference pixels, applied after the automatic one
};

struct CompareUiState {
    std::optional<std::int64_t> woundId;  // the wound the slots were filled for
    CompareLayout layout = CompareLayout::OneByTwo;
    std::array<std::optional<std::int64_t>, kCompareSlots> photos;
    std::array<SlotAlignment, kCompareSlots> alignment;  // [0] unused
    bool linked = true;
    CompareOverlay overlay = CompareOverlay::None;
    float fade = 0.5f;
    std::size_t focused = 0;  // the slot keys act on

    [[nodiscard]] std::size_t slots() const { return layout == CompareLayout::TwoByTwo ? 4 : 2; }
};

}  // namespace cicatrix::workstation
