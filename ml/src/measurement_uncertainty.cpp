// Each draw moves every marker edge line by its offset and angle uncertainty, refits the plane
// from the moved lines and measures the wound's outline polygon and hull again; the 2.5 and
// 97.5 percentiles of (draw / nominal) scale the measured values; the outline's quantisation
// is added in quadrature.
#include "ml/measurement_uncertainty.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ml/marker_plane.hpp"

namespace cicatrix::ml {

namespace {

double polygonArea(const std::vector<std::vector<cv::Point2d>>& polygons, const cv::Matx33d& h) {
    double total = 0;
    for (const auto& poly : polygons) {
        double a = 0;
        cv::Point2d prev = applyHomography(h, poly.back());
        for (const auto& p : poly) {
            const cv::Point2d q = applyHomography(h, p);
            a += prev.x * q.y - q.x * prev.y;
            prev = q;
        }
        total += std::abs(a) / 2;
    }
    return total;
}

std::vector<cv::Point2d> mapped(const std::vector<cv::Point2d>& pts, const cv::Matx33d& h) {
    std::vector<cv::Point2d> out;
    out.reserve(pts.size());
    for (const auto& p : pts) out.push_back(applyHomography(h, p));
    return out;
}

// One draw of the edge lines: each line's own offset and angle error (independent), plus a
// shift of every edge along its outward normal common to the whole photo (one tone curve,
// one blur: what biases one edge biases all of them the same way, which more markers do not
// average out), scaled by each marker's blur.
std::vector<MarkerEvidence> perturbed(const std::vector<MarkerEvidence>& markers, cv::RNG& rng) {
    std::vector<MarkerEvidence> out = markers;
    const double common = rng.gaussian(1.0);
    for (auto& m : out) {
        const double bias = common * (kEdgeBiasPx + kEdgeBiasPerBlur * m.edges.edgeBlurPx);
        for (auto& e : m.edges.edges) {
            const double offset = rng.gaussian(std::max(e.offsetSigmaPx, 1e-12)) + bias;
            const double angle = rng.gaussian(std::max(e.angleSigma, 1e-12));
            const cv::Point2d outward(e.direction.y, -e.direction.x);
            e.point += outward * offset;
            e.direction = {std::cos(angle) * e.direction.x - std::sin(angle) * e.direction.y,
                           std::sin(angle) * e.direction.x + std::cos(angle) * e.direction.y};
        }
    }
    return out;
}

Interval percentiles(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        const double pos = q * static_cast<double>(v.size() - 1);
        const auto i = static_cast<std::size_t>(pos);
        const double f = pos - static_cast<double>(i);
        return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
    };
    return {at(0.025), at(0.975)};
}

// value × [ratio interval], widened by a Gaussian 1-sigma `sigma` in quadrature.
Interval combine(double value, Interval ratio, double sigma) {
    const double down = value * (1 - ratio.low), up = value * (ratio.high - 1);
    const double q = 1.96 * sigma;
    return {value - std::sqrt(std::max(down, 0.0) * std::max(down, 0.0) + q * q),
            value + std::sqrt(std::max(up, 0.0) * std::max(up, 0.0) + q * q)};
}

}  // namespace

std::optional<MeasurementUncertainty> measurementUncertainty(const cv::Mat& mask,
                                                             const WoundGeometry& g,
                                                             const PlaneCalibration& calibration,
                                                             int draws, std::uint64_t seed) {
    if (calibration.markers.empty() || !g.areaMm2 || !(*g.areaMm2 > 0) || g.areaPx <= 0 ||
        !g.lengthMm || !g.widthMm || draws < 20)
        return std::nullopt;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask > 0, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    std::vector<std::vector<cv::Point2d>> polygons;
    std::vector<cv::Point2f> all;
    for (const auto& c : contours) {
        std::vector<cv::Point> simple;
        cv::approxPolyDP(c, simple, 0.5, true);
        if (simple.size() < 3)
            continue;
        polygons.emplace_back(simple.begin(), simple.end());
        for (const auto& p : c) all.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
    }
    if (polygons.empty())
        return std::nullopt;
    std::vector<cv::Point2f> hullF;
    cv::convexHull(all, hullF);
    const std::vector<cv::Point2d> hull(hullF.begin(), hullF.end());

    const cv::Matx33d nominal = planeFromEvidence(calibration, calibration.markers);
    const double area0 = polygonArea(polygons, nominal);
    const WoundAxes axes0 = measureAxes(mapped(hull, nominal));
    if (!(area0 > 0) || !(axes0.length > 0))
        return std::nullopt;
    cv::RNG rng(seed);
    std::vector<double> areaRatio, lengthRatio, widthRatio;
    for (int i = 0; i < draws; ++i) {
        const cv::Matx33d h = planeFromEvidence(calibration, perturbed(calibration.markers, rng));
        areaRatio.push_back(polygonArea(polygons, h) / area0);
        const WoundAxes a = measureAxes(mapped(hull, h));
        lengthRatio.push_back(a.length / axes0.length);
        widthRatio.push_back(axes0.width > 0 ? a.width / axes0.width : 1.0);
    }
    MeasurementUncertainty u;
    // Quantisation: each boundary pixel is in or out by up to half a pixel (uniform, independent):
    // variance perimeter / 12 px²; an end point of a length is within ±0.5 px (σ 0.29 px each).
    const double mm2PerPx = *g.areaMm2 / g.areaPx, mmPerPx = std::sqrt(mm2PerPx);
    const double boundaryPx = std::max(g.perimeterPx, 1.0);
    u.areaMm2 =
        combine(*g.areaMm2, percentiles(areaRatio), std::sqrt(boundaryPx / 12.0) * mm2PerPx);
    u.lengthMm = combine(*g.lengthMm, percentiles(lengthRatio), 0.41 * mmPerPx);
    u.widthMm = combine(*g.widthMm, percentiles(widthRatio), 0.41 * mmPerPx);
    u.areaRelativeHalfWidth = (u.areaMm2.high - u.areaMm2.low) / 2.0 / *g.areaMm2;
    // Extrapolation: from the wound's centre to the nearest marker's centre, in marker sides.
    cv::Moments mo = cv::moments(mask > 0, true);
    const cv::Point2d centre(mo.m10 / std::max(mo.m00, 1.0), mo.m01 / std::max(mo.m00, 1.0));
    double best = 1e300;
    for (const auto& m : calibration.markers) {
        const auto& c = m.edges.corners;
        const cv::Point2d mc = (c[0] + c[1] + c[2] + c[3]) * 0.25;
        const double d = cv::norm(applyHomography(nominal, centre) - applyHomography(nominal, mc));
        best = std::min(best, d / calibration.markerSideMm);
    }
    u.markerDistanceSides = best;
    return u;
}

}  // namespace cicatrix::ml
