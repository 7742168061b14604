// OpenCV contrib aruco (4.6 API) finds the markers; marker_edges locates them; marker_plane fits
// the plane.
#include "ml/calibration.hpp"

#include <fmt/format.h>
#include <opencv2/aruco.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "ml/marker_plane.hpp"

namespace cicatrix::ml {

namespace {
cv::Ptr<cv::aruco::Dictionary> dictionary() {
    return cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
}

constexpr int kModules = 6;  // a 4x4 marker and its one-module black border

// Jacobian of a homography at a point (2×2: d(out)/d(in)).
cv::Matx22d jacobian(const cv::Matx33d& h, cv::Point2d at) {
    const double w = h(2, 0) * at.x + h(2, 1) * at.y + h(2, 2);
    const cv::Point2d p = applyHomography(h, at);
    return {(h(0, 0) - p.x * h(2, 0)) / w, (h(0, 1) - p.x * h(2, 1)) / w,
            (h(1, 0) - p.y * h(2, 0)) / w, (h(1, 1) - p.y * h(2, 1)) / w};
}

double localScale(const cv::Matx33d& h, cv::Point2d at) {
    return std::sqrt(std::abs(cv::determinant(jacobian(h, at))));  // mm per pixel at `at`
}

// Angle between the plane and the image plane at `at`: the local map squeezes one direction by
// cos(tilt) (exact under weak perspective, which holds over a marker).
double tiltDegrees(const cv::Matx33d& imageToPlane, cv::Point2d at) {
    cv::Mat w;
    cv::SVD::compute(cv::Mat(jacobian(imageToPlane, at)), w, cv::SVD::NO_UV);
    const double ratio = w.at<double>(1) / std::max(w.at<double>(0), 1e-12);
    return std::acos(std::clamp(ratio, 0.0, 1.0)) * 180.0 / CV_PI;
}

Quad toQuad(const std::vector<cv::Point2f>& c) {
    return {{cv::Point2d(c[0]), cv::Point2d(c[1]), cv::Point2d(c[2]), cv::Point2d(c[3])}};
}

// Could a camera with square pixels and its principal point near the photo's centre see a
// square as this quadrilateral? When the perspective across the marker is strong enough to
// tell, the two constraints a square's homography puts on the focal length (orthogonal axes,
// equal lengths) must give a positive, sensible focal length.
bool seenThroughACamera(const Quad& c, cv::Size image) {
    Quad centred = c;
    for (auto& p : centred) p -= cv::Point2d(image.width / 2.0, image.height / 2.0);
    const cv::Matx33d g = quadHomography({{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, centred);
    if (std::abs(g(2, 0)) + std::abs(g(2, 1)) < 0.15)
        return true;  // too little perspective to judge
    const double a1 = g(0, 0) * g(0, 1) + g(1, 0) * g(1, 1), b1 = g(2, 0) * g(2, 1);
    const double a2 = g(0, 0) * g(0, 0) + g(1, 0) * g(1, 0) - g(0, 1) * g(0, 1) - g(1, 1) * g(1, 1);
    const double b2 = g(2, 0) * g(2, 0) - g(2, 1) * g(2, 1);
    const double inverseF2 = -(a1 * b1 + a2 * b2) / std::max(a1 * a1 + a2 * a2, 1e-300);
    if (!(inverseF2 > 0))
        return false;
    const double f = 1.0 / std::sqrt(inverseF2), size = std::max(image.width, image.height);
    return f > 0.15 * size && f < 20.0 * size;
}

std::vector<std::pair<int, Quad>> detect(const cv::Mat& gray) {
    // Detect on a copy of at most kDetectSide px (fast on 24 MP photos); the full resolution is
    // searched too when that finds nothing (a small marker far from the lens).
    constexpr int kDetectSide = 2000;
    const double shrink =
        std::min(1.0, static_cast<double>(kDetectSide) / std::max(gray.cols, gray.rows));
    auto params = cv::aruco::DetectorParameters::create();
    params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_NONE;
    std::vector<std::pair<int, Quad>> found;
    for (double scale : {shrink, 1.0}) {
        cv::Mat img = gray;
        if (scale < 1.0)
            cv::resize(gray, img, cv::Size(), scale, scale, cv::INTER_AREA);
        std::vector<std::vector<cv::Point2f>> corners, rejected;
        std::vector<int> ids;
        cv::aruco::detectMarkers(img, dictionary(), corners, ids, params, rejected);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Quad q = toQuad(corners[i]);
            // Detector pixels are centred at integer coordinates at either scale.
            for (auto& p : q)
                p = (p + cv::Point2d(0.5, 0.5)) * (1.0 / scale) - cv::Point2d(0.5, 0.5);
            found.emplace_back(ids[i], q);
        }
        if (!found.empty() || scale == 1.0)
            break;
    }
    return found;
}

}  // namespace

cv::Point2d toPlane(const PlaneCalibration& c, cv::Point2d p) {
    return applyHomography(c.imageToPlaneMm, p);
}

cv::Matx33d planeFromEvidence(const PlaneCalibration& c,
                              const std::vector<MarkerEvidence>& markers) {
    if (markers.empty() || !(c.markerSideMm > 0))
        return c.imageToPlaneMm;
    std::vector<Quad> corners;
    for (const auto& m : markers) corners.push_back(cornersOfEdges(m.edges.edges));
    // All markers are kept (the detection already left out those that disagree).
    auto plane = fitMarkerPlane(corners, 0, c.markerSideMm, 1e9);
    return plane ? plane->imageToPlaneMm : c.imageToPlaneMm;
}

MlResult<PlaneCalibration> detectArucoCalibration(const cv::Mat& bgr, const MarkerSpec& spec) {
    if (bgr.empty()) {
        return mlFail(MlErrorCode::InvalidInput, "empty image");
    }
    if (spec.sideMm <= 0.0) {
        return mlFail(MlErrorCode::InvalidInput, "marker size must be positive");
    }
    try {
        cv::Mat gray;
        cv::cvtColor(bgr, gray, bgr.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        PlaneCalibration cal;
        cal.source = "aruco";
        cal.markerSideMm = spec.sideMm;
        std::vector<MarkerEvidence> evidence;
        for (const auto& [id, quad] : detect(gray)) {
            if (spec.markerId && id != *spec.markerId)
                continue;
            if (!convexQuad(quad)) {
                cal.rejected.push_back("marker id " + std::to_string(id) +
                                       ": its outline is not a square seen through a camera");
                continue;
            }
            auto edges = fitMarkerEdges(gray, quad, kModules);
            if (!edges) {
                // The marker is there but where exactly cannot be measured (partly hidden, no
                // quiet zone, too small, blurred or dark for its edges): no number rather than a
                // wrong one (the detector's corners were off by up to 2.5× in area on the
                // benchmark's faint small markers).
                cal.rejected.push_back("marker id " + std::to_string(id) + ": " +
                                       edges.error().message);
                continue;
            }
            MarkerEvidence m{id, *edges, std::nullopt};
            if (!seenThroughACamera(m.edges.corners, gray.size())) {
                cal.rejected.push_back("marker id " + std::to_string(id) +
                                       ": its outline is not a square seen through a camera");
                continue;
            }
            evidence.push_back(std::move(m));
        }
        if (evidence.empty()) {
            std::string why = "no ArUco 4x4_50 calibration marker found in the photo";
            for (const auto& r : cal.rejected) why += "; " + r;
            return mlFail(MlErrorCode::NoMarker, why);
        }
        // The largest marker is the reference (the plane's origin).
        const auto area = [](const MarkerEvidence& m) {
            const Quad& q = m.edges.corners;
            double a = 0;
            for (std::size_t k = 0; k < 4; ++k)
                a += q[k].x * q[(k + 1) % 4].y - q[(k + 1) % 4].x * q[k].y;
            return std::abs(a) / 2;
        };
        std::stable_sort(evidence.begin(), evidence.end(),
                         [&](const auto& a, const auto& b) { return area(a) > area(b); });
        std::vector<Quad> corners;
        for (const auto& m : evidence) corners.push_back(m.edges.corners);
        const double modulePx = std::sqrt(area(evidence.front())) / kModules;
        auto plane = fitMarkerPlane(corners, 0, spec.sideMm, std::max(2.0, 0.1 * modulePx));
        if (!plane)
            return std::unexpected(plane.error());
        for (std::size_t i = 0; i < evidence.size(); ++i) {
            if (std::find(plane->used.begin(), plane->used.end(), i) == plane->used.end())
                cal.rejected.push_back("marker id " + std::to_string(evidence[i].id) +
                                       ": it does not lie on the same plane as the others (or is "
                                       "printed at another size)");
        }
        for (std::size_t i : plane->used) cal.markers.push_back(evidence[i]);
        // The sticker's ruler, when the reference marker is on the sticker: an independent check,
        // 50 mm from the marker, of the plane the markers give (a sticker not flat shows here).
        std::optional<double> rulerDisagreement;
        if (auto ruler = findStickerRuler(gray, plane->imageToPlaneMm.inv(), spec.sideMm)) {
            double worst = 0;
            for (std::size_t i = 0; i < ruler->image.size(); ++i)
                worst = std::max(worst,
                                 cv::norm(applyHomography(plane->imageToPlaneMm, ruler->image[i]) -
                                          ruler->planeMm[i]));
            rulerDisagreement = worst;
            cal.markers.front().ruler = std::move(*ruler);
        }
        cal.imageToPlaneMm = plane->imageToPlaneMm;
        const MarkerEvidence& ref = cal.markers.front();
        const Quad& c = ref.edges.corners;
        const cv::Point2d centre = (c[0] + c[1] + c[2] + c[3]) * 0.25;
        cal.mmPerPixel = localScale(cal.imageToPlaneMm, centre);
        CalibrationConditions cond;
        cond.tiltDeg = tiltDegrees(cal.imageToPlaneMm, centre);
        cond.markerSidePx = std::sqrt(area(ref));
        cond.edgeBlurPx = ref.edges.edgeBlurPx;
        cond.contrast = ref.edges.contrast;
        cond.noise = ref.edges.noise;
        cond.reprojectionRmsPx = plane->reprojectionRmsPx;
        cond.rulerDisagreementMm = rulerDisagreement;
        cal.conditions = cond;
        std::string ids;
        for (const auto& m : cal.markers) ids += (ids.empty() ? "" : ", ") + std::to_string(m.id);
        cal.detail = fmt::format("ArUco 4x4_50 id {}, {:.1f} mm, {:.3f} mm/px at the marker", ids,
                                 spec.sideMm, cal.mmPerPixel);
        if (cal.markers.size() > 1)
            cal.detail += fmt::format(", {} markers agreeing within {:.2f} px", cal.markers.size(),
                                      plane->reprojectionRmsPx);
        if (rulerDisagreement)
            cal.detail +=
                fmt::format(", sticker ruler agrees within {:.2f} mm", *rulerDisagreement);
        return cal;
    } catch (const cv::Exception& e) {
        return mlFail(MlErrorCode::InvalidInput,
                      std::string("marker detection failed: ") + e.what());
    }
}

MlResult<PlaneCalibration> manualCalibration(cv::Point2d a, cv::Point2d b, double mm) {
    const double px = std::hypot(b.x - a.x, b.y - a.y);
    if (px < 10.0) {
        return mlFail(MlErrorCode::InvalidInput,
                      "calibration line is too short (draw at least 10 pixels)");
    }
    if (!(mm > 0.0)) {
        return mlFail(MlErrorCode::InvalidInput, "calibration length must be positive");
    }
    PlaneCalibration cal;
    const double k = mm / px;
    cal.imageToPlaneMm = cv::Matx33d(k, 0, 0, 0, k, 0, 0, 0, 1);
    cal.source = "manual";
    cal.mmPerPixel = k;
    char buf[96];
    std::snprintf(buf, sizeof buf,
                  "ruler line %.1f px = %.1f mm (%.3f mm/px, no perspective correction)", px, mm,
                  k);
    cal.detail = buf;
    return cal;
}

cv::Mat drawArucoMarker(int id, int sidePixels) {
    cv::Mat marker;
    cv::aruco::drawMarker(dictionary(), id, sidePixels, marker, 1);
    return marker;
}

}  // namespace cicatrix::ml
