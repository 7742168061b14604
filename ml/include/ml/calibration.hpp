// Photo calibration: the mapping from image pixels to millimetres on the wound's plane.
// From an ArUco marker of known printed size (DICT_4X4_50 by default) we get a homography, so
// areas are perspective-corrected; a manual calibration (a line drawn over a ruler with its
// length typed in) gives a plain scale. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>

#include "ml/ml_error.hpp"

namespace cicatrix::ml {

// Printed side (mm) of the black square of the calibration sticker's ArUco marker: the default
// everywhere a marker size is not given (CLI, settings, demo library, analysis options).
inline constexpr double kDefaultMarkerMm = 20.0;

struct PlaneCalibration {
    cv::Matx33d imageToPlaneMm = cv::Matx33d::eye();
    std::string source;       // "aruco" | "manual"
    double mmPerPixel = 0.0;  // local scale at the reference (marker centre or ruler), for display
    std::string detail;       // e.g. "ArUco 4x4_50 id 7, 20.0 mm"
};

struct MarkerSpec {
    double sideMm = kDefaultMarkerMm;  // printed black-square side
    std::optional<int> markerId;       // accept only this id (any when empty)
};

// Finds the marker (sub-pixel corners) and returns the plane homography with the marker's
// top-left corner at (0, 0) mm. NoMarker when none is found.
[[nodiscard]] MlResult<PlaneCalibration> detectArucoCalibration(const cv::Mat& bgr,
                                                                const MarkerSpec& spec = {});

// A line from a to b (image pixels) that measures `mm` millimetres on the wound's plane.
[[nodiscard]] MlResult<PlaneCalibration> manualCalibration(cv::Point2d a, cv::Point2d b, double mm);

// Draws a printable marker image (white border included) for the calibration sticker.
[[nodiscard]] cv::Mat drawArucoMarker(int id, int sidePixels);

// Maps an image point onto the plane (mm).
[[nodiscard]] cv::Point2d toPlane(const PlaneCalibration& calibration, cv::Point2d imagePoint);

}  // namespace cicatrix::ml
