// Registration of a later wound photo onto an earlier one (Compare workspace): through the two
// calibration markers' plane homographies when both photos have one (then refined on the
// images), else OpenCV features (ORB/AKAZE) with a RANSAC homography, refined by ECC. Every
// result says how it was found and how good it is. Pure OpenCV; thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>

#include "ml/ml_error.hpp"

namespace cicatrix::ml {

struct RegistrationInput {
    cv::Mat earlier;  // BGR, upright (EXIF applied), any size
    cv::Mat later;    // BGR, upright
    // image px -> plane mm of each photo's ArUco calibration, when it has one.
    std::optional<cv::Matx33d> earlierToPlane;
    std::optional<cv::Matx33d> laterToPlane;
};

enum class RegistrationMethod { Markers, Features, Ecc };

struct Registration {
    // Maps LATER image pixels onto EARLIER image pixels (warpPerspective(later, H, earlier size)
    // draws the later photo over the earlier one).
    cv::Matx33d laterToEarlier = cv::Matx33d::eye();
    RegistrationMethod method = RegistrationMethod::Features;
    // 0..1: share of the overlap that agrees after alignment (ECC correlation, or RANSAC inlier
    // ratio when ECC did not run); the GUI shows it and calls < kRegistrationUsable poor.
    double quality = 0.0;
    int inliers = 0;                 // feature matches kept (0 for markers only)
    double reprojectionErrorPx = 0;  // median over inliers (or marker corners), earlier pixels
    std::string summary;             // e.g. "markers + ECC, quality 0.93"
};

inline constexpr double kRegistrationUsable = 0.5;

// Fails (MlError) when no plausible alignment is found: too few matches, a degenerate or
// mirror-flipping homography, or a scale change beyond 4×. The caller falls back to manual
// nudging from identity.
[[nodiscard]] MlResult<Registration> registerPhotos(const RegistrationInput& input);

[[nodiscard]] const char* toString(RegistrationMethod method);  // markers | features | ecc

}  // namespace cicatrix::ml
