// Synthetic bedside photos for calibration: a wound of known outline on a flat skin plane with
// a 20 mm ArUco marker — bare, or on the printed calibration sticker with its ruler — (and
// optionally a second one) beside it, seen by
// a pinhole camera at a chosen tilt and distance, then blurred (defocus, motion), dimmed, noised,
// tone-mapped with a chosen camera gamma and optionally JPEG-compressed. Rendered in linear light
// from a texel-exact plane texture at 3× supersampling, so the marker's true corners are known
// to well under a tenth of a pixel. Also the plain OpenCV corner refinements the workstation's
// calibration is measured against (and the method it replaced).
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cicatrix::test {

struct SceneConditions {
    double tiltDeg = 0.0;
    double markerSidePx = 100.0;  // the 20 mm marker's side if it were seen face-on
    double defocusSigmaPx = 0.0;
    double motionPx = 0.0;          // length of a straight motion blur (random direction)
    double exposure = 1.0;          // 0.5: half the light
    double noiseSigma = 1.0;        // sensor noise, 8-bit units
    double toneGamma = 2.2;         // the camera's encoding exponent
    int jpegQuality = 0;            // 0: no JPEG
    int markers = 1;                // 1 or 2 markers of the same size, on either side of the wound
    bool sticker = false;           // the first marker on the printed calibration sticker
    bool stickerRuler = true;       // the sticker with its ruler (false: blank paper there)
    double rulerShiftMm = 0.0;      // the ruler printed this far off its place (a faulty sticker)
    double woundDistanceMm = 45.0;  // wound centre to the (first) marker's centre
    std::uint64_t seed = 1;
    [[nodiscard]] std::string describe() const;
};

struct MarkerScene {
    cv::Mat bgr;        // the photo
    cv::Mat woundMask;  // the true outline rasterised in the photo (what an expert would draw)
    double trueAreaMm2 = 0.0;
    double trueLengthMm = 0.0, trueWidthMm = 0.0;
    cv::Matx33d planeToImage;  // plane (mm) → image (px)
    std::vector<std::array<cv::Point2d, 4>>
        markerCorners;  // true corners in the photo (detector order)
};

inline constexpr double kSceneMarkerMm = 20.0;
inline constexpr int kSceneMarkerId = 7, kSceneSecondMarkerId = 11;

[[nodiscard]] MarkerScene renderMarkerScene(const SceneConditions& conditions,
                                            cv::Size imageSize = {1600, 1200});

// The grid the calibration benchmark and tests sweep: tilts 0–65°, marker sizes 40–160 px,
// sharp / defocused / motion-blurred, normal / half / quarter light with the noise that comes
// with it, several camera gammas and JPEG; every `stride`-th scene of the full grid.
[[nodiscard]] std::vector<SceneConditions> calibrationSceneGrid(int stride = 1);

// Plain OpenCV corner refinements of the largest marker (four-point homography), and the
// workstation's previous method (detection on a ≤2000 px copy + cornerSubPix with a window of
// a twentieth of the marker).
enum class CornerMethod { OpencvSubpix, OpencvContour, OpencvApriltag, PreviousWorkstation };
[[nodiscard]] std::string methodName(CornerMethod method);
[[nodiscard]] std::optional<cv::Matx33d> referenceImageToPlane(const cv::Mat& bgr,
                                                               CornerMethod method, double sideMm);

// One scene measured by the workstation (detectArucoCalibration → measureWound →
// measurementUncertainty → assessCalibration) and by each reference method, on the true outline.
struct SceneResult {
    SceneConditions conditions;
    double trueAreaMm2 = 0.0;
    std::optional<double> oursError;       // (measured − true) / true
    double oursLow = 0.0, oursHigh = 0.0;  // its 95 % interval, mm²
    std::string level, reason;             // calibration quality
    std::size_t markersUsed = 0;
    std::optional<double> rulerDisagreementMm;  // the sticker's ruler found: its check
    std::optional<double> referenceError[4];    // indexed by CornerMethod
    [[nodiscard]] bool covered() const {
        return oursError && trueAreaMm2 >= oursLow && trueAreaMm2 <= oursHigh;
    }
    [[nodiscard]] double relativeHalfWidth() const {
        return (oursHigh - oursLow) / 2.0 / trueAreaMm2;
    }
};
[[nodiscard]] SceneResult measureScene(const SceneConditions& conditions);

}  // namespace cicatrix::test
