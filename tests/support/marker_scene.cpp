// Plane texture (texels per mm a multiple of 3, so the marker's modules are whole texels) →
// warpPerspective at 3× → INTER_AREA down → blur → exposure → gamma → noise → 8 bits → JPEG.
#include "support/marker_scene.hpp"

#include <fmt/format.h>
#include <opencv2/aruco.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "ml/calibration_quality.hpp"
#include "ml/calibration_sticker.hpp"
#include "ml/marker_plane.hpp"
#include "ml/measurement_uncertainty.hpp"
#include "ml/wound_measurement.hpp"

namespace cicatrix::test {

namespace {

constexpr double kSkin = 0.30, kWhite = 0.85, kBlack = 0.03, kWound = 0.12;
constexpr int kSuper = 3;

cv::Matx33d rotation(cv::Vec3d axis, double angle) {
    cv::Mat r;
    cv::Rodrigues(cv::Mat(axis * angle), r);
    return cv::Matx33d(r);
}

std::vector<cv::Point2d> woundOutline(cv::RNG& rng) {
    const double radius = rng.uniform(14.0, 20.0);
    double amp[6], phase[6];
    for (int k = 2; k < 6; ++k) {
        amp[k] = rng.uniform(-0.10, 0.10);
        phase[k] = rng.uniform(0.0, 2 * CV_PI);
    }
    const double aspect = rng.uniform(0.6, 1.0);
    std::vector<cv::Point2d> poly;
    for (int i = 0; i < 720; ++i) {
        const double a = 2 * CV_PI * i / 720;
        double r = 1.0;
        for (int k = 2; k < 6; ++k) r += amp[k] * std::cos(k * a + phase[k]);
        poly.emplace_back(radius * r * std::cos(a), radius * aspect * r * std::sin(a));
    }
    return poly;
}

double shoelace(const std::vector<cv::Point2d>& p) {
    double a = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const auto& q = p[(i + 1) % p.size()];
        a += p[i].x * q.y - q.x * p[i].y;
    }
    return std::abs(a) / 2;
}

void blurLinear(cv::Mat& img, const SceneConditions& c, cv::RNG& rng) {
    if (c.defocusSigmaPx > 0)
        cv::GaussianBlur(img, img, cv::Size(), c.defocusSigmaPx);
    if (c.motionPx > 0) {
        const int k = static_cast<int>(std::ceil(c.motionPx)) | 1;
        const int size = k + 4;
        cv::Mat kernel(size * 8, size * 8, CV_32F, cv::Scalar(0));
        const double a = rng.uniform(0.0, CV_PI);
        // Centred on the middle pixel (at 8× its centre is 4·size − 0.5); 1/16 px precision.
        const cv::Point2d centre(size * 4.0 - 0.5, size * 4.0 - 0.5),
            d(std::cos(a) * c.motionPx * 4, std::sin(a) * c.motionPx * 4);
        const auto fixed = [](cv::Point2d p) {
            return cv::Point(static_cast<int>(std::lround(p.x * 16)),
                             static_cast<int>(std::lround(p.y * 16)));
        };
        cv::line(kernel, fixed(centre - d), fixed(centre + d), cv::Scalar(1), 1, cv::LINE_AA, 4);
        cv::resize(kernel, kernel, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        kernel /= cv::sum(kernel)[0];
        cv::filter2D(img, img, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    }
}

}  // namespace

std::string SceneConditions::describe() const {
    return fmt::format(
        "tilt {:.0f}°, marker {:.0f} px, defocus {:.1f}, motion {:.0f} px, light {:.2f}, "
        "noise {:.1f}, gamma {:.1f}, jpeg {}, {} marker(s){}, wound {:.0f} mm away",
        tiltDeg, markerSidePx, defocusSigmaPx, motionPx, exposure, noiseSigma, toneGamma,
        jpegQuality, markers,
        sticker ? (stickerRuler ? " on the sticker" : " on a sticker without ruler") : "",
        woundDistanceMm);
}

MarkerScene renderMarkerScene(const SceneConditions& c, cv::Size imageSize) {
    cv::RNG rng(c.seed * 7919 + 17);
    const double f = 0.75 * imageSize.width;
    const cv::Matx33d k(f, 0, (imageSize.width - 1) / 2.0, 0, f, (imageSize.height - 1) / 2.0, 0, 0,
                        1);
    const std::vector<cv::Point2d> wound = woundOutline(rng);
    const double s = kSceneMarkerMm;
    // Marker top-left corners on the plane (mm); the second on the other side of the wound.
    std::vector<cv::Point2d> markerAt{{c.woundDistanceMm - s / 2, -s / 2}};
    if (c.markers > 1)
        markerAt.emplace_back(-c.woundDistanceMm - s / 2, -s / 2 + 6);
    // The sticker lies away from the wound (its ruler beyond the marker).
    const ml::StickerLayout sticker = ml::stickerLayout(s);
    const double x0 = (c.markers > 1 ? -c.woundDistanceMm - s : -30.0) - 10,
                 x1 = c.sticker ? markerAt[0].x - sticker.markerAtMm.x + sticker.widthMm + 5
                                : c.woundDistanceMm + s + 10;
    const double y0 = -40, y1 = 40;
    const cv::Point2d look(
        c.sticker ? (x0 + x1) / 2 : (c.markers > 1 ? 0.0 : c.woundDistanceMm / 2), 0);

    // Pose: in-plane rotation, then the tilt about a random axis in the image plane.
    const double distance = f * s / c.markerSidePx;
    cv::Matx33d r;
    cv::Vec3d t;
    cv::Matx33d planeToImage;
    for (int attempt = 0;; ++attempt) {
        const double axisAngle = rng.uniform(0.0, 2 * CV_PI), spin = rng.uniform(-0.4, 0.4);
        r = rotation({std::cos(axisAngle), std::sin(axisAngle), 0}, c.tiltDeg * CV_PI / 180) *
            rotation({0, 0, 1}, spin);
        t = cv::Vec3d(0, 0, distance) - r * cv::Vec3d(look.x, look.y, 0);
        planeToImage =
            k * cv::Matx33d(r(0, 0), r(0, 1), t[0], r(1, 0), r(1, 1), t[1], r(2, 0), r(2, 1), t[2]);
        planeToImage = planeToImage * (1.0 / planeToImage(2, 2));
        bool inside = true;
        for (const cv::Point2d p :
             {cv::Point2d(x0, y0), cv::Point2d(x1, y0), cv::Point2d(x1, y1), cv::Point2d(x0, y1)}) {
            const cv::Vec3d v = planeToImage * cv::Vec3d(p.x, p.y, 1);
            const cv::Point2d q = ml::applyHomography(planeToImage, p);
            inside = inside && v[2] > 0 && q.x > 8 && q.y > 8 && q.x < imageSize.width - 9 &&
                     q.y < imageSize.height - 9;
        }
        if (inside || attempt > 40)
            break;
    }

    // Texels per mm: a multiple of 3, fine enough for the nearest part of the scene at 3×.
    double maxScale = 0;
    for (const cv::Point2d p :
         {cv::Point2d(x0, y0), cv::Point2d(x1, y0), cv::Point2d(x1, y1), cv::Point2d(x0, y1)}) {
        const double e = 0.01;
        maxScale = std::max({maxScale,
                             cv::norm(ml::applyHomography(planeToImage, p + cv::Point2d(e, 0)) -
                                      ml::applyHomography(planeToImage, p)) /
                                 e,
                             cv::norm(ml::applyHomography(planeToImage, p + cv::Point2d(0, e)) -
                                      ml::applyHomography(planeToImage, p)) /
                                 e});
    }
    const int texels =
        std::clamp(3 * static_cast<int>(std::ceil(maxScale * kSuper * 1.2 / 3.0)), 6, 30);
    const cv::Size texSize(static_cast<int>(std::lround((x1 - x0) * texels)),
                           static_cast<int>(std::lround((y1 - y0) * texels)));
    cv::Mat tex(texSize, CV_32F, cv::Scalar(kSkin));
    cv::Mat mottle(texSize.height / 40 + 2, texSize.width / 40 + 2, CV_32F);
    rng.fill(mottle, cv::RNG::UNIFORM, -0.04, 0.04);
    cv::resize(mottle, mottle, texSize, 0, 0, cv::INTER_CUBIC);
    tex += mottle;
    const auto toTex = [&](cv::Point2d p) {
        return cv::Point2d((p.x - x0) * texels, (p.y - y0) * texels);
    };
    std::vector<cv::Point> woundTex;
    for (const auto& p : wound) {
        const cv::Point2d q = toTex(p) * 16.0;
        woundTex.emplace_back(static_cast<int>(std::lround(q.x)),
                              static_cast<int>(std::lround(q.y)));
    }
    cv::fillPoly(tex, std::vector<std::vector<cv::Point>>{woundTex}, cv::Scalar(kWound),
                 cv::LINE_AA, 4);
    if (c.sticker) {
        // The printed sticker at the texture's resolution (its lines land on whole texels).
        cv::Mat printed = ml::renderCalibrationSticker({kSceneMarkerId, s, 600}, texels);
        const int rulerTop =
            static_cast<int>((sticker.markerAtMm.y + sticker.ruler.baselineY - 5) * texels);
        if (!c.stickerRuler) {  // blank paper where the ruler and its figures are
            printed.rowRange(rulerTop, printed.rows).setTo(cv::Scalar::all(255));
        } else if (c.rulerShiftMm != 0) {  // the ruler's part of the sticker moved down
            const int shift = static_cast<int>(std::lround(c.rulerShiftMm * texels));
            cv::Mat part = printed.rowRange(rulerTop, printed.rows - shift).clone();
            printed.rowRange(rulerTop, printed.rows).setTo(cv::Scalar::all(255));
            part.copyTo(printed.rowRange(rulerTop + shift, printed.rows));
        }
        cv::Mat gray, paper;
        cv::cvtColor(printed, gray, cv::COLOR_BGR2GRAY);
        gray.convertTo(paper, CV_32F, (kWhite - kBlack) / 255.0, kBlack);
        const cv::Point2d at = toTex(markerAt[0] - sticker.markerAtMm);
        paper.copyTo(tex(cv::Rect(
            cv::Point(static_cast<int>(std::lround(at.x)), static_cast<int>(std::lround(at.y))),
            paper.size())));
    }
    for (std::size_t m = c.sticker ? 1 : 0; m < markerAt.size(); ++m) {
        const cv::Point2d tl = toTex(markerAt[m]);
        const int side = static_cast<int>(std::lround(s * texels)),
                  quiet = static_cast<int>(std::lround(5.0 * texels));
        const cv::Point org(static_cast<int>(std::lround(tl.x)),
                            static_cast<int>(std::lround(tl.y)));
        cv::rectangle(tex,
                      cv::Rect(org.x - quiet, org.y - quiet, side + 2 * quiet, side + 2 * quiet),
                      cv::Scalar(kWhite), cv::FILLED);
        cv::Mat marker;
        cv::aruco::drawMarker(cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50),
                              m == 0 ? kSceneMarkerId : kSceneSecondMarkerId, side, marker, 1);
        cv::Mat markerF;
        marker.convertTo(markerF, CV_32F, (kWhite - kBlack) / 255.0, kBlack);
        markerF.copyTo(tex(cv::Rect(org, cv::Size(side, side))));
    }
    // texture (u, v) → plane: x = x0 + (u + 0.5) / texels; image → supersampled: X = 3x + 1.
    const cv::Matx33d texToPlane(1.0 / texels, 0, x0 + 0.5 / texels, 0, 1.0 / texels,
                                 y0 + 0.5 / texels, 0, 0, 1);
    const cv::Matx33d toSuper(kSuper, 0, (kSuper - 1) / 2.0, 0, kSuper, (kSuper - 1) / 2.0, 0, 0,
                              1);
    cv::Mat super;
    cv::warpPerspective(tex, super, cv::Mat(toSuper * planeToImage * texToPlane),
                        cv::Size(imageSize.width * kSuper, imageSize.height * kSuper),
                        cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(kSkin));
    cv::Mat img;
    cv::resize(super, img, imageSize, 0, 0, cv::INTER_AREA);
    blurLinear(img, c, rng);
    img *= c.exposure;
    cv::max(img, 0.0, img);
    cv::min(img, 1.0, img);
    cv::pow(img, 1.0 / c.toneGamma, img);
    cv::Mat noise(img.size(), CV_32F);
    rng.fill(noise, cv::RNG::NORMAL, 0.0, c.noiseSigma / 255.0);
    img += noise;
    cv::Mat gray8;
    img.convertTo(gray8, CV_8U, 255.0);
    MarkerScene out;
    cv::cvtColor(gray8, out.bgr, cv::COLOR_GRAY2BGR);
    if (c.jpegQuality > 0) {
        std::vector<std::uint8_t> bytes;
        cv::imencode(".jpg", out.bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, c.jpegQuality});
        out.bgr = cv::imdecode(bytes, cv::IMREAD_COLOR);
    }
    // The true outline in the photo: a pixel is in when its centre is (filled at 8× over the
    // outline's bounding box, then at least half of each pixel; fillPoly's own border pixels
    // would add half a pixel all round).
    std::vector<cv::Point2d> imageOutline;
    for (const auto& p : wound) imageOutline.push_back(ml::applyHomography(planeToImage, p));
    cv::Rect2d box(imageOutline.front(), imageOutline.front());
    for (const auto& q : imageOutline) box |= cv::Rect2d(q, cv::Size2d(1e-9, 1e-9));
    const cv::Rect roi =
        cv::Rect(cv::Point(static_cast<int>(box.x) - 2, static_cast<int>(box.y) - 2),
                 cv::Point(static_cast<int>(box.br().x) + 3, static_cast<int>(box.br().y) + 3)) &
        cv::Rect(cv::Point(0, 0), imageSize);
    constexpr int kFine = 8;
    cv::Mat fine(roi.height * kFine, roi.width * kFine, CV_8U, cv::Scalar(0));
    std::vector<cv::Point> outline;
    for (const auto& q : imageOutline) {
        const cv::Point2d at = (q - cv::Point2d(roi.tl())) * kFine + cv::Point2d(3.5, 3.5);
        outline.emplace_back(static_cast<int>(std::lround(at.x * 256)),
                             static_cast<int>(std::lround(at.y * 256)));
    }
    cv::fillPoly(fine, std::vector<std::vector<cv::Point>>{outline}, cv::Scalar(255), cv::LINE_8,
                 8);
    cv::Mat coarse;
    cv::resize(fine, coarse, roi.size(), 0, 0, cv::INTER_AREA);
    out.woundMask = cv::Mat(imageSize, CV_8U, cv::Scalar(0));
    out.woundMask(roi).setTo(255, coarse >= 128);
    out.trueAreaMm2 = shoelace(wound);
    const ml::WoundAxes axes = ml::measureAxes(wound);
    out.trueLengthMm = axes.length;
    out.trueWidthMm = axes.width;
    out.planeToImage = planeToImage;
    for (const auto& tl : markerAt)
        out.markerCorners.push_back({ml::applyHomography(planeToImage, tl),
                                     ml::applyHomography(planeToImage, tl + cv::Point2d(s, 0)),
                                     ml::applyHomography(planeToImage, tl + cv::Point2d(s, s)),
                                     ml::applyHomography(planeToImage, tl + cv::Point2d(0, s))});
    return out;
}

std::vector<SceneConditions> calibrationSceneGrid(int stride) {
    struct Blur {
        double defocus, motion;
    };
    struct Light {
        double exposure, noise;
    };
    const double tilts[] = {0, 30, 45, 55, 60, 65};
    const double sizes[] = {40, 80, 160};
    const Blur blurs[] = {{0, 0}, {1.5, 0}, {0.6, 6}};
    const Light lights[] = {{1.0, 1.0}, {0.5, 2.5}, {0.25, 4.0}};
    const double gammas[] = {2.2, 1.8, 2.6};
    std::vector<SceneConditions> grid;
    int index = 0;
    for (double tilt : tilts)
        for (double size : sizes)
            for (const Blur& b : blurs)
                for (const Light& l : lights) {
                    if (index % std::max(stride, 1) == 0) {
                        SceneConditions c;
                        c.tiltDeg = tilt;
                        c.markerSidePx = size;
                        c.defocusSigmaPx = b.defocus;
                        c.motionPx = b.motion;
                        c.exposure = l.exposure;
                        c.noiseSigma = l.noise;
                        // The other conditions vary pseudo-randomly with the scene (a hash, so
                        // that every stride still sees them all).
                        std::uint64_t h = static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ull;
                        h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ull;
                        h ^= h >> 29;
                        c.toneGamma = gammas[h % 3];
                        c.jpegQuality = (h >> 8) % 4 == 1 ? 85 : 0;
                        c.markers = (h >> 16) % 5 == 2 ? 2 : 1;
                        c.sticker = c.markers == 1 && (h >> 20) % 2 == 1;
                        c.woundDistanceMm = 40.0 + 5.0 * static_cast<double>((h >> 24) % 7);
                        c.seed = static_cast<std::uint64_t>(index + 1);
                        grid.push_back(c);
                    }
                    ++index;
                }
    return grid;
}

std::string methodName(CornerMethod method) {
    switch (method) {
        case CornerMethod::OpencvSubpix:
            return "opencv subpix";
        case CornerMethod::OpencvContour:
            return "opencv contour";
        case CornerMethod::OpencvApriltag:
            return "opencv apriltag";
        case CornerMethod::PreviousWorkstation:
            return "previous workstation";
    }
    return "?";
}

std::optional<cv::Matx33d> referenceImageToPlane(const cv::Mat& bgr, CornerMethod method,
                                                 double sideMm) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    auto params = cv::aruco::DetectorParameters::create();
    double shrink = 1.0;
    cv::Mat detectOn = gray;
    switch (method) {
        case CornerMethod::OpencvSubpix:
            params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_SUBPIX;
            break;
        case CornerMethod::OpencvContour:
            params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_CONTOUR;
            break;
        case CornerMethod::OpencvApriltag:
            params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_APRILTAG;
            break;
        case CornerMethod::PreviousWorkstation:
            params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_NONE;
            shrink = std::min(1.0, 2000.0 / std::max(gray.cols, gray.rows));
            if (shrink < 1.0)
                cv::resize(gray, detectOn, cv::Size(), shrink, shrink, cv::INTER_AREA);
            break;
    }
    std::vector<std::vector<cv::Point2f>> corners, rejected;
    std::vector<int> ids;
    cv::aruco::detectMarkers(detectOn, cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50),
                             corners, ids, params, rejected);
    int best = -1;
    double bestArea = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const double a = std::abs(cv::contourArea(corners[i]));
        if (a > bestArea) {
            bestArea = a;
            best = static_cast<int>(i);
        }
    }
    if (best < 0)
        return std::nullopt;
    std::vector<cv::Point2f> quad = corners[static_cast<std::size_t>(best)];
    if (method == CornerMethod::PreviousWorkstation) {
        for (auto& p : quad) p *= static_cast<float>(1.0 / shrink);
        const double side = std::sqrt(bestArea) / shrink;
        const int window = std::clamp(static_cast<int>(side / 20.0), 2, 15);
        cv::cornerSubPix(
            gray, quad, cv::Size(window, window), cv::Size(-1, -1),
            cv::TermCriteria(cv::TermCriteria::MAX_ITER | cv::TermCriteria::EPS, 40, 0.01));
    }
    const auto sf = static_cast<float>(sideMm);
    const std::vector<cv::Point2f> plane{{0, 0}, {sf, 0}, {sf, sf}, {0, sf}};
    return cv::Matx33d(cv::getPerspectiveTransform(quad, plane));
}

SceneResult measureScene(const SceneConditions& conditions) {
    const MarkerScene scene = renderMarkerScene(conditions);
    SceneResult r;
    r.conditions = conditions;
    r.trueAreaMm2 = scene.trueAreaMm2;
    auto cal = ml::detectArucoCalibration(scene.bgr, {kSceneMarkerMm, std::nullopt});
    if (!cal)
        r.reason = cal.error().message;
    if (cal) {
        const ml::WoundGeometry g = ml::measureWound(scene.woundMask, *cal);
        const auto u = ml::measurementUncertainty(scene.woundMask, g, *cal);
        const ml::CalibrationQuality q = ml::assessCalibration(*cal, u);
        r.oursError = (*g.areaMm2 - scene.trueAreaMm2) / scene.trueAreaMm2;
        if (u) {
            r.oursLow = u->areaMm2.low;
            r.oursHigh = u->areaMm2.high;
        }
        r.level = ml::levelName(q.level);
        r.reason = q.reasons.empty() ? "" : q.reasons.front();
        r.markersUsed = cal->markers.size();
        if (cal->conditions)
            r.rulerDisagreementMm = cal->conditions->rulerDisagreementMm;
    }
    for (auto method : {CornerMethod::OpencvSubpix, CornerMethod::OpencvContour,
                        CornerMethod::OpencvApriltag, CornerMethod::PreviousWorkstation}) {
        if (auto h = referenceImageToPlane(scene.bgr, method, kSceneMarkerMm)) {
            ml::PlaneCalibration reference;
            reference.imageToPlaneMm = *h;
            const ml::WoundGeometry g = ml::measureWound(scene.woundMask, reference);
            r.referenceError[static_cast<int>(method)] =
                (*g.areaMm2 - scene.trueAreaMm2) / scene.trueAreaMm2;
        }
    }
    return r;
}

}  // namespace cicatrix::test
