// Homographies as 3×3 row-major arrays in the state, cv::Matx33d for the maths.
#include "workstation/gui/compare_geometry.hpp"

namespace cicatrix::workstation {

cv::Matx33d toMatx(const Homography& h) {
    return cv::Matx33d(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]);
}

Homography toHomography(const cv::Matx33d& m) {
    Homography h{};
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = m.val[i];
    return h;
}

cv::Matx33d slotToReference(const CompareUiState& compare, std::size_t slot) {
    if (slot == 0 || slot >= kCompareSlots)
        return cv::Matx33d::eye();
    const SlotAlignment& a = compare.alignment[slot];
    const cv::Matx33d automatic =
        a.photoToReference ? toMatx(*a.photoToReference) : cv::Matx33d::eye();
    const cv::Matx33d nudge(1, 0, a.nudge.x, 0, 1, a.nudge.y, 0, 0, 1);
    return nudge * automatic;
}

}  // namespace cicatrix::workstation
