// Calibration in bedside conditions, on synthetic photos whose truth is known (support/
// marker_scene): corner accuracy, several markers, the uncertainty's coverage, the quality flag's
// reasons, and the comparison with plain OpenCV sub-pixel corners measured on the same photos.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ml/calibration.hpp"
#include "ml/calibration_quality.hpp"
#include "ml/marker_plane.hpp"
#include "ml/measurement_uncertainty.hpp"
#include "ml/wound_measurement.hpp"
#include "support/marker_scene.hpp"

namespace cicatrix::ml {
namespace {

using test::CornerMethod;
using test::SceneConditions;

struct Measured {
    PlaneCalibration calibration;
    WoundGeometry geometry;
    std::optional<MeasurementUncertainty> uncertainty;
    CalibrationQuality quality;
    double trueAreaMm2 = 0;
};

Measured measure(const SceneConditions& c) {
    const test::MarkerScene scene = test::renderMarkerScene(c);
    auto cal = detectArucoCalibration(scene.bgr, {test::kSceneMarkerMm, std::nullopt});
    EXPECT_TRUE(cal) << c.describe() << ": " << (cal ? "" : cal.error().message);
    if (!cal)
        return {};
    Measured m;
    m.calibration = *cal;
    m.geometry = measureWound(scene.woundMask, *cal);
    m.uncertainty = measurementUncertainty(scene.woundMask, m.geometry, *cal);
    m.quality = assessCalibration(*cal, m.uncertainty);
    m.trueAreaMm2 = scene.trueAreaMm2;
    return m;
}

TEST(MarkerEdges, CornersOfASharpMarkerWithinATenthOfAPixel) {
    for (double tilt : {0.0, 50.0}) {
        SceneConditions c;
        c.tiltDeg = tilt;
        c.markerSidePx = 120;
        c.seed = 3;
        const test::MarkerScene scene = test::renderMarkerScene(c);
        auto cal = detectArucoCalibration(scene.bgr, {test::kSceneMarkerMm, test::kSceneMarkerId});
        ASSERT_TRUE(cal) << cal.error().message;
        ASSERT_EQ(cal->markers.size(), 1u);
        for (std::size_t k = 0; k < 4; ++k) {
            EXPECT_LT(cv::norm(cal->markers[0].edges.corners[k] - scene.markerCorners[0][k]), 0.1)
                << "tilt " << tilt << " corner " << k;
        }
        // The edge lines' own uncertainty is small but not zero.
        for (const auto& e : cal->markers[0].edges.edges) {
            EXPECT_GT(e.offsetSigmaPx, 0.0);
            EXPECT_LT(e.offsetSigmaPx, 0.05);
        }
        // Obliqueness as seen along the line of sight to the marker (off the optical axis it
        // differs from the camera's tilt by a few degrees).
        EXPECT_NEAR(cal->conditions->tiltDeg, tilt, 5.0);
    }
}

TEST(MarkerPlane, SeveralMarkersFitOnePlaneAndAnOddOneIsLeftOut) {
    // Exact projections of three markers through a known homography: two 20 mm markers on the
    // plane and a third printed at 30 mm (it cannot agree with a 20 mm plane).
    const cv::Matx33d planeToImage(9.0, 1.5, 400, -0.8, 7.5, 300, 0.002, 0.001, 1.0);
    const auto project = [&](cv::Point2d tl, double side, double angle) {
        Quad q;
        const Quad sq{{{0, 0}, {side, 0}, {side, side}, {0, side}}};
        for (std::size_t k = 0; k < 4; ++k) {
            const cv::Point2d r(std::cos(angle) * sq[k].x - std::sin(angle) * sq[k].y,
                                std::sin(angle) * sq[k].x + std::cos(angle) * sq[k].y);
            q[k] = applyHomography(planeToImage, tl + r);
        }
        return q;
    };
    const std::vector<Quad> corners{project({0, 0}, 20, 0), project({70, 15}, 20, 0.5),
                                    project({-60, 40}, 30, -0.2)};
    auto plane = fitMarkerPlane(corners, 0, 20.0);
    ASSERT_TRUE(plane);
    ASSERT_EQ(plane->used.size(), 2u);
    EXPECT_EQ(plane->used[0], 0u);
    EXPECT_EQ(plane->used[1], 1u);
    EXPECT_LT(plane->reprojectionRmsPx, 1e-3);
    // Where it put the second marker on the plane: its true corner 0 at (70, 15).
    EXPECT_NEAR(plane->planeCornersMm[1][0].x, 70.0, 1e-3);
    EXPECT_NEAR(plane->planeCornersMm[1][0].y, 15.0, 1e-3);
    // And the homography maps far points right.
    const cv::Point2d far =
        applyHomography(plane->imageToPlaneMm, applyHomography(planeToImage, {120, -50}));
    EXPECT_NEAR(far.x, 120.0, 1e-3);
    EXPECT_NEAR(far.y, -50.0, 1e-3);
}

TEST(MeasurementUncertainty, WiderFurtherFromTheMarkerAndHoldsTheTruth) {
    SceneConditions near;
    near.tiltDeg = 35;
    near.markerSidePx = 70;
    near.noiseSigma = 2.0;
    near.woundDistanceMm = 40;
    near.seed = 5;
    SceneConditions far = near;
    far.woundDistanceMm = 110;
    far.markerSidePx = 45;  // the same camera distance keeps the wider scene in the frame
    const Measured a = measure(near), b = measure(far);
    ASSERT_TRUE(a.uncertainty && b.uncertainty);
    EXPECT_GT(b.uncertainty->markerDistanceSides, a.uncertainty->markerDistanceSides + 2.0);
    EXPECT_GT(b.uncertainty->areaRelativeHalfWidth, a.uncertainty->areaRelativeHalfWidth);
    for (const Measured* m : {&a, &b}) {
        EXPECT_LE(m->uncertainty->areaMm2.low, *m->geometry.areaMm2);
        EXPECT_GE(m->uncertainty->areaMm2.high, *m->geometry.areaMm2);
        EXPECT_LE(m->uncertainty->lengthMm.low, *m->geometry.lengthMm);
        EXPECT_GE(m->uncertainty->widthMm.high, *m->geometry.widthMm);
    }
    // The same photo gives the same interval (a fixed seed).
    const Measured again = measure(near);
    EXPECT_DOUBLE_EQ(again.uncertainty->areaMm2.low, a.uncertainty->areaMm2.low);
}

TEST(CalibrationQuality, TellsTheNurseWhatToChange) {
    const auto reasonOf = [](const SceneConditions& c) {
        const Measured m = measure(c);
        return std::pair(m.quality.level,
                         m.quality.reasons.empty() ? std::string() : m.quality.reasons.front());
    };
    SceneConditions good;
    good.markerSidePx = 120;
    good.tiltDeg = 15;
    good.seed = 7;
    const Measured g = measure(good);
    EXPECT_EQ(g.quality.level, CalibrationLevel::Good);
    EXPECT_TRUE(g.quality.reasons.empty());
    ASSERT_TRUE(g.uncertainty);
    EXPECT_LT(g.uncertainty->areaRelativeHalfWidth, 0.03);

    SceneConditions oblique = good;
    oblique.tiltDeg = 64;
    auto [level, reason] = reasonOf(oblique);
    EXPECT_EQ(level, CalibrationLevel::Unreliable);
    EXPECT_EQ(reason, "marker too oblique — retake from above");

    SceneConditions small = good;
    small.markerSidePx = 22;
    small.woundDistanceMm = 40;
    std::tie(level, reason) = reasonOf(small);
    EXPECT_EQ(level, CalibrationLevel::Unreliable);
    EXPECT_EQ(reason, "marker too small in the frame — move closer");

    SceneConditions blurred = good;
    blurred.motionPx = 14;
    std::tie(level, reason) = reasonOf(blurred);
    EXPECT_NE(level, CalibrationLevel::Good);
    EXPECT_NE(reason.find("blurred"), std::string::npos) << reason;

    SceneConditions dark = good;
    dark.exposure = 0.06;
    dark.noiseSigma = 5;
    std::tie(level, reason) = reasonOf(dark);
    EXPECT_EQ(level, CalibrationLevel::Unreliable);
    EXPECT_EQ(reason, "photo too dark — add light");
}

// The acceptance on a third of the benchmark's grid: ours beats plain OpenCV sub-pixel
// corners (mean and worst area error on the photos both measured), measures nearly every photo it
// measures (ours refuses a marker whose edges it cannot locate rather than give a wrong number),
// and its 95 % interval holds the true area about 95 % of the time without being needlessly wide.
TEST(CalibrationConditions, BeatsOpencvSubpixelCornersAndItsIntervalHoldsTheTruth) {
    const auto grid = test::calibrationSceneGrid(3);
    int oursFound = 0, refFound = 0, common = 0, withInterval = 0, covered = 0;
    double oursSum = 0, oursWorst = 0, refSum = 0, refWorst = 0, halfSum = 0, sq = 0;
    for (const auto& c : grid) {
        const test::SceneResult r = test::measureScene(c);
        const auto& ref = r.referenceError[static_cast<int>(CornerMethod::OpencvSubpix)];
        oursFound += r.oursError.has_value();
        refFound += ref.has_value();
        if (r.oursError && ref) {
            ++common;
            oursSum += std::abs(*r.oursError);
            refSum += std::abs(*ref);
            oursWorst = std::max(oursWorst, std::abs(*r.oursError));
            refWorst = std::max(refWorst, std::abs(*ref));
        }
        if (r.oursError && r.oursHigh > 0) {
            ++withInterval;
            covered += r.covered();
            halfSum += r.relativeHalfWidth();
            sq += *r.oursError * *r.oursError;
        }
    }
    ASSERT_GT(common, 35);
    EXPECT_GE(oursFound, 0.9 * refFound);
    EXPECT_LT(oursSum / common, 0.6 * refSum / common);
    EXPECT_LT(oursWorst, refWorst);
    const double coverage = static_cast<double>(covered) / withInterval;
    EXPECT_GE(coverage, 0.88);
    const double widthOverError = (halfSum / withInterval) / std::sqrt(sq / withInterval);
    EXPECT_LT(widthOverError, 3.5) << "intervals needlessly wide";
    std::printf(
        "%d scenes: ours mean %.2f %% worst %.2f %%, opencv subpix mean %.2f %% worst %.2f %%; "
        "coverage %.1f %%, half-width / RMS error %.2f\n",
        common, 100 * oursSum / common, 100 * oursWorst, 100 * refSum / common, 100 * refWorst,
        100 * coverage, widthOverError);
}

}  // namespace
}  // namespace cicatrix::ml
