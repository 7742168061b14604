// The Compare workspace's geometry in one place: a slot's photo mapped onto the reference slot's
// photo (automatic alignment, then the manual nudge), and conversions between the state's
// row-major arrays and OpenCV matrices. Thread-safe (pure).
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>

#include "workstation/gui/compare_state.hpp"

namespace cicatrix::workstation {

[[nodiscard]] cv::Matx33d toMatx(const Homography& h);
[[nodiscard]] Homography toHomography(const cv::Matx33d& m);

// Slot photo px -> slot 0 photo px (identity for slot 0 and for a slot not aligned yet, plus its
// nudge).
[[nodiscard]] cv::Matx33d slotToReference(const CompareUiState& compare, std::size_t slot);

}  // namespace cicatrix::workstation
