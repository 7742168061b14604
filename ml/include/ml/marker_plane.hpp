// The wound's plane from one or several square markers of the same printed size lying on it.
// One marker fixes the homography exactly (four corners); several constrain it jointly: the
// plane→image homography and each extra marker's unknown position and rotation on the plane are
// fitted together by least squares on the corners' image positions (Levenberg–Marquardt), and a
// marker that disagrees with the others (another size, off the plane, a bad detection) is left
// out. The plane's origin and axes are those of the reference marker's top-left corner.
// Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <vector>

#include "ml/ml_error.hpp"

namespace cicatrix::ml {

using Quad = std::array<cv::Point2d, 4>;

struct MarkerPlane {
    cv::Matx33d imageToPlaneMm = cv::Matx33d::eye();
    std::vector<std::size_t> used;     // indices of the markers the fit kept (reference first)
    std::vector<Quad> planeCornersMm;  // where each kept marker lies on the plane
    double reprojectionRmsPx = 0.0;    // corners' RMS distance to the fitted model (0 for one)
};

// `corners[i]`: marker i's corners in the image (detector order); `reference`: the marker whose
// corner 0 is the plane's origin. Markers whose own RMS exceeds `maxMarkerRmsPx` after the joint
// fit are dropped one by one (worst first) and the fit is redone.
[[nodiscard]] MlResult<MarkerPlane> fitMarkerPlane(const std::vector<Quad>& corners,
                                                   std::size_t reference, double sideMm,
                                                   double maxMarkerRmsPx = 2.0);

// The homography taking the four points `from` to `to` (h33 = 1).
[[nodiscard]] cv::Matx33d quadHomography(const Quad& from, const Quad& to);

// Strictly convex, corners turning one way (no three in a line).
[[nodiscard]] bool convexQuad(const Quad& q);

// Maps a point with a 3×3 homography.
[[nodiscard]] cv::Point2d applyHomography(const cv::Matx33d& h, cv::Point2d p);

}  // namespace cicatrix::ml
