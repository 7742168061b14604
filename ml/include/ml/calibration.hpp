// Photo calibration: the mapping from image pixels to millimetres on the wound's plane.
// From ArUco markers of known printed size (DICT_4X4_50, any id unless one is asked for) we get
// a homography, so areas are perspective-corrected: each marker's corners come from lines fitted
// to its four edges (marker_edges.hpp), every marker of the same size in the frame constrains the
// plane (marker_plane.hpp), the calibration sticker's ruler, when the reference marker is on the
// sticker, checks it 50 mm away (sticker_ruler.hpp), and the photographing conditions the marker
// shows (tilt, size, blur, light) are kept with the evidence for the measurement's uncertainty. A
// manual calibration (a line drawn over a ruler with its length typed in) gives a plain scale.
// Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <vector>

#include "ml/marker_edges.hpp"
#include "ml/ml_error.hpp"
#include "ml/sticker_ruler.hpp"

namespace cicatrix::ml {

// Printed side (mm) of the black square of the calibration sticker's ArUco marker: the default
// everywhere a marker size is not given (CLI, settings, demo library, analysis options).
inline constexpr double kDefaultMarkerMm = 20.0;

// One marker that fixed the plane: its id, its corners with their edge lines' uncertainty, and
// its sticker's ruler when it was found (the reference marker only; sticker_ruler.hpp), which
// checks the plane.
struct MarkerEvidence {
    int id = -1;
    MarkerEdges edges;
    std::optional<RulerEvidence> ruler;
};

// What the reference marker shows of the photographing conditions.
struct CalibrationConditions {
    double tiltDeg = 0.0;            // angle between the marker's plane and the image plane
    double markerSidePx = 0.0;       // the marker's size in the photo (square root of its area)
    double edgeBlurPx = 0.0;         // spread of its edges (motion blur, defocus), px
    double contrast = 0.0;           // linear-light white − black across its edges (0..1)
    double noise = 0.0;              // linear-light noise sigma beside its edges
    double reprojectionRmsPx = 0.0;  // several markers: how well they agree on one plane
    // The sticker's ruler found: the largest distance on the plane (mm) between one of its 10 mm
    // ticks and where the markers put it (a check: the ruler does not move the plane).
    std::optional<double> rulerDisagreementMm;
};

struct PlaneCalibration {
    cv::Matx33d imageToPlaneMm = cv::Matx33d::eye();
    std::string source;       // "aruco" | "manual"
    double mmPerPixel = 0.0;  // local scale at the reference (marker centre or ruler), for display
    std::string detail;       // e.g. "ArUco 4x4_50 id 7, 20.0 mm"
    // aruco only: the markers used (the reference, the plane's origin, first), their printed
    // side, the conditions, and the detections left out with why.
    std::vector<MarkerEvidence> markers;
    double markerSideMm = 0.0;
    std::optional<CalibrationConditions> conditions;
    std::vector<std::string> rejected;
};

struct MarkerSpec {
    double sideMm = kDefaultMarkerMm;  // printed black-square side
    std::optional<int> markerId;       // accept only this id (any when empty)
};

// Finds the markers and returns the plane homography with the reference (largest) marker's
// top-left corner at (0, 0) mm. NoMarker when none is found or every one found is left out —
// not convex, not a square seen through a camera, or its edges cannot be traced (partly
// hidden, too small, blurred or dark): the message says which and why.
[[nodiscard]] MlResult<PlaneCalibration> detectArucoCalibration(const cv::Mat& bgr,
                                                                const MarkerSpec& spec = {});

// A line from a to b (image pixels) that measures `mm` millimetres on the wound's plane.
[[nodiscard]] MlResult<PlaneCalibration> manualCalibration(cv::Point2d a, cv::Point2d b, double mm);

// Draws a printable marker image (white border included) for the calibration sticker.
[[nodiscard]] cv::Mat drawArucoMarker(int id, int sidePixels);

// Maps an image point onto the plane (mm).
[[nodiscard]] cv::Point2d toPlane(const PlaneCalibration& calibration, cv::Point2d imagePoint);

// The image→plane homography refitted from the markers' edge lines as given (the uncertainty
// propagation perturbs them); the calibration's own homography when it has no marker evidence.
[[nodiscard]] cv::Matx33d planeFromEvidence(const PlaneCalibration& calibration,
                                            const std::vector<MarkerEvidence>& markers);

}  // namespace cicatrix::ml
