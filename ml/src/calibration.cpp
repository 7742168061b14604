// OpenCV contrib aruco (4.6 API) + getPerspectiveTransform.
#include "ml/calibration.hpp"

#include <opencv2/aruco.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cicatrix::ml {

namespace {
cv::Ptr<cv::aruco::Dictionary> dictionary() {
    return cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
}

double localScale(const cv::Matx33d& h, cv::Point2d at) {
    // mm per pixel at `at`: sqrt of the Jacobian determinant of the projective map.
    const double w = h(2, 0) * at.x + h(2, 1) * at.y + h(2, 2);
    return std::sqrt(std::abs(cv::determinant(cv::Mat(h))) / std::pow(std::abs(w), 3));
}
}  // namespace

cv::Point2d toPlane(const PlaneCalibration& c, cv::Point2d p) {
    const cv::Vec3d v = c.imageToPlaneMm * cv::Vec3d(p.x, p.y, 1.0);
    return {v[0] / v[2], v[1] / v[2]};
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
        cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
        // Detect on a copy of at most kDetectSide px (fast on 24 MP photos), then refine the
        // corners to sub-pixel accuracy on the full-resolution image.
        constexpr int kDetectSide = 2000;
        const double shrink =
            std::min(1.0, static_cast<double>(kDetectSide) / std::max(gray.cols, gray.rows));
        cv::Mat small = gray;
        if (shrink < 1.0)
            cv::resize(gray, small, cv::Size(), shrink, shrink, cv::INTER_AREA);
        auto params = cv::aruco::DetectorParameters::create();
        params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_NONE;
        std::vector<std::vector<cv::Point2f>> corners, rejected;
        std::vector<int> ids;
        cv::aruco::detectMarkers(small, dictionary(), corners, ids, params, rejected);
        for (auto& quad : corners) {
            for (auto& p : quad) p *= static_cast<float>(1.0 / shrink);
            const double side = std::sqrt(std::abs(cv::contourArea(quad)));
            const int window = std::clamp(static_cast<int>(side / 20.0), 2, 15);
            cv::cornerSubPix(
                gray, quad, cv::Size(window, window), cv::Size(-1, -1),
                cv::TermCriteria(cv::TermCriteria::MAX_ITER | cv::TermCriteria::EPS, 40, 0.01));
        }
        int best = -1;
        double bestArea = 0.0;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (spec.markerId && ids[i] != *spec.markerId)
                continue;
            const double area = std::abs(cv::contourArea(corners[i]));
            if (area > bestArea) {
                bestArea = area;
                best = static_cast<int>(i);
            }
        }
        if (best < 0) {
            return mlFail(MlErrorCode::NoMarker,
                          "no ArUco 4x4_50 calibration marker found in the photo");
        }
        const auto& c = corners[static_cast<std::size_t>(best)];
        const double s = spec.sideMm;
        const std::vector<cv::Point2f> plane{{0, 0},
                                             {static_cast<float>(s), 0},
                                             {static_cast<float>(s), static_cast<float>(s)},
                                             {0, static_cast<float>(s)}};
        PlaneCalibration cal;
        cal.imageToPlaneMm = cv::Matx33d(cv::getPerspectiveTransform(c, plane));
        cal.source = "aruco";
        const cv::Point2d centre =
            (cv::Point2d(c[0]) + cv::Point2d(c[1]) + cv::Point2d(c[2]) + cv::Point2d(c[3])) * 0.25;
        cal.mmPerPixel = localScale(cal.imageToPlaneMm, centre);
        char buf[96];
        std::snprintf(buf, sizeof buf, "ArUco 4x4_50 id %d, %.1f mm, %.3f mm/px at the marker",
                      ids[static_cast<std::size_t>(best)], s, cal.mmPerPixel);
        cal.detail = buf;
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
