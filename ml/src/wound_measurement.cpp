// Pixel area by count; plane area by integrating |det J| of the homography over wound pixels;
// length = diameter of the convex hull; width = hull extent perpendicular to it.
#include "ml/wound_measurement.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>

#include "ml/marker_plane.hpp"

namespace cicatrix::ml {

namespace {

double planeArea(const cv::Mat& binary, const cv::Matx33d& h) {
    const double det = std::abs(cv::determinant(cv::Mat(h)));
    double total = 0.0;
    for (int y = 0; y < binary.rows; ++y) {
        const auto* row = binary.ptr<std::uint8_t>(y);
        const double base = h(2, 1) * y + h(2, 2);
        for (int x = 0; x < binary.cols; ++x) {
            if (row[x] != 0) {
                const double w = std::abs(h(2, 0) * x + base);
                total += det / (w * w * w);
            }
        }
    }
    return total;
}

}  // namespace

WoundAxes measureAxes(const std::vector<cv::Point2d>& points) {
    WoundAxes axes;
    if (points.size() < 2)
        return axes;
    std::vector<cv::Point2f> pf(points.begin(), points.end());
    std::vector<int> hullIdx;
    cv::convexHull(pf, hullIdx);
    std::vector<cv::Point2d> hull;
    for (int i : hullIdx) hull.push_back(points[static_cast<std::size_t>(i)]);
    for (std::size_t i = 0; i < hull.size(); ++i) {
        for (std::size_t j = i + 1; j < hull.size(); ++j) {
            const double d = cv::norm(hull[i] - hull[j]);
            if (d > axes.length) {
                axes.length = d;
                axes.lengthA = hull[i];
                axes.lengthB = hull[j];
            }
        }
    }
    if (axes.length <= 0)
        return axes;
    const cv::Point2d u = (axes.lengthB - axes.lengthA) * (1.0 / axes.length);
    const cv::Point2d v(-u.y, u.x);
    const cv::Point2d mid = (axes.lengthA + axes.lengthB) * 0.5;
    double lo = 0, hi = 0;
    for (const auto& p : hull) {
        const double t = (p - mid).dot(v);
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    axes.width = hi - lo;
    axes.widthA = mid + v * lo;
    axes.widthB = mid + v * hi;
    return axes;
}

WoundGeometry measureWound(const cv::Mat& mask,
                           const std::optional<PlaneCalibration>& calibration) {
    WoundGeometry g;
    const cv::Mat binary = mask > 0;
    g.areaPx = cv::countNonZero(binary);
    if (g.areaPx == 0) {
        if (calibration) {
            g.areaMm2 = g.perimeterMm = g.lengthMm = g.widthMm = 0.0;
        }
        return g;
    }
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(binary.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    g.regions = static_cast<int>(contours.size());
    // Perimeters follow the outline simplified to within 1 px, so the pixel staircase does not
    // inflate them (a raw 8-connected chain overestimates a smooth outline by ~5 %).
    std::vector<std::vector<cv::Point>> outlines(contours.size());
    std::vector<cv::Point2d> imagePoints;
    for (std::size_t i = 0; i < contours.size(); ++i) {
        cv::approxPolyDP(contours[i], outlines[i], 1.0, true);
        g.perimeterPx += cv::arcLength(outlines[i], true);
        for (const auto& p : contours[i]) imagePoints.emplace_back(p.x, p.y);
    }
    const WoundAxes px = measureAxes(imagePoints);
    g.lengthPx = px.length;
    g.widthPx = px.width;
    g.lengthA = px.lengthA;
    g.lengthB = px.lengthB;
    g.widthA = px.widthA;
    g.widthB = px.widthB;
    if (!calibration) {
        return g;
    }
    const cv::Matx33d& h = calibration->imageToPlaneMm;
    g.areaMm2 = planeArea(binary, h);
    double perimeter = 0.0;
    std::vector<cv::Point2d> planePoints;
    for (std::size_t i = 0; i < contours.size(); ++i) {
        std::vector<cv::Point2f> mapped;
        for (const auto& p : outlines[i]) {
            const cv::Point2d q =
                toPlane(*calibration, {static_cast<double>(p.x), static_cast<double>(p.y)});
            mapped.emplace_back(static_cast<float>(q.x), static_cast<float>(q.y));
        }
        perimeter += cv::arcLength(mapped, true);
        for (const auto& p : contours[i]) {
            planePoints.push_back(
                toPlane(*calibration, {static_cast<double>(p.x), static_cast<double>(p.y)}));
        }
    }
    g.perimeterMm = perimeter;
    const WoundAxes mm = measureAxes(planePoints);
    g.lengthMm = mm.length;
    g.widthMm = mm.width;
    const cv::Matx33d inverse = h.inv();
    g.lengthA = applyHomography(inverse, mm.lengthA);
    g.lengthB = applyHomography(inverse, mm.lengthB);
    g.widthA = applyHomography(inverse, mm.widthA);
    g.widthB = applyHomography(inverse, mm.widthB);
    return g;
}

}  // namespace cicatrix::ml
