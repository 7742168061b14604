// Geometry of a wound mask: area, perimeter, longest length and the width perpendicular to it.
// In pixels always; in millimetres on the wound's plane when a calibration is given (areas are
// integrated through the homography, so perspective is corrected). Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <vector>

#include "ml/calibration.hpp"

namespace cicatrix::ml {

struct WoundGeometry {
    double areaPx = 0.0;
    double perimeterPx = 0.0;
    double lengthPx = 0.0;
    double widthPx = 0.0;
    int regions = 0;  // connected parts of the wound
    std::optional<double> areaMm2;
    std::optional<double> perimeterMm;
    std::optional<double> lengthMm;
    std::optional<double> widthMm;
    // End points (image pixels) of the length and width segments, for drawing.
    cv::Point2d lengthA, lengthB, widthA, widthB;

    [[nodiscard]] std::optional<double> areaCm2() const {
        return areaMm2 ? std::optional(*areaMm2 / 100.0) : std::nullopt;
    }
};

// The longest extent of a point set (the diameter of its convex hull) and its extent
// perpendicular to that, with the segments' end points.
struct WoundAxes {
    double length = 0.0, width = 0.0;
    cv::Point2d lengthA, lengthB, widthA, widthB;
};
[[nodiscard]] WoundAxes measureAxes(const std::vector<cv::Point2d>& points);

// mask: CV_8U, non-zero = wound.
[[nodiscard]] WoundGeometry measureWound(const cv::Mat& mask,
                                         const std::optional<PlaneCalibration>& calibration);

}  // namespace cicatrix::ml
