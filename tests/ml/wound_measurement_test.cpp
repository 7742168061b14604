// Measurement maths on synthetic shapes of known size, including a perspective-warped scene with
// an ArUco marker whose true wound area is known.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include <cmath>

#include "ml/calibration.hpp"
#include "ml/mask_postprocess.hpp"
#include "ml/wound_measurement.hpp"

namespace cicatrix::ml {
namespace {

cv::Mat ellipseMask(cv::Size size, cv::Point centre, cv::Size axes, double angle = 0) {
    cv::Mat mask(size, CV_8U, cv::Scalar(0));
    cv::ellipse(mask, centre, axes, angle, 0, 360, cv::Scalar(255), cv::FILLED, cv::LINE_8);
    return mask;
}

TEST(WoundMeasurement, PixelGeometryOfAnEllipse) {
    const cv::Mat mask = ellipseMask({800, 600}, {400, 300}, {200, 100}, 30);
    const WoundGeometry g = measureWound(mask, std::nullopt);
    EXPECT_NEAR(g.areaPx, CV_PI * 200 * 100, 0.01 * CV_PI * 200 * 100);
    EXPECT_NEAR(g.lengthPx, 400, 4);
    EXPECT_NEAR(g.widthPx, 200, 4);
    // Ramanujan's perimeter of the ellipse.
    const double a = 200, b = 100;
    const double perimeter = CV_PI * (3 * (a + b) - std::sqrt((3 * a + b) * (a + 3 * b)));
    EXPECT_NEAR(g.perimeterPx, perimeter, 0.05 * perimeter);
    EXPECT_EQ(g.regions, 1);
    EXPECT_FALSE(g.areaMm2);  // never a physical area without calibration
}

TEST(WoundMeasurement, ManualCalibrationScalesEveryMeasure) {
    const cv::Mat mask = ellipseMask({800, 600}, {400, 300}, {150, 150});
    auto cal = manualCalibration({100, 100}, {100, 600}, 50.0);  // 500 px = 50 mm
    ASSERT_TRUE(cal);
    const WoundGeometry g = measureWound(mask, *cal);
    ASSERT_TRUE(g.areaMm2);
    EXPECT_NEAR(*g.areaMm2, g.areaPx * 0.01, 1e-6);
    EXPECT_NEAR(*g.areaCm2(), CV_PI * 15 * 15 / 100.0, 0.02 * CV_PI * 15 * 15 / 100.0);
    EXPECT_NEAR(*g.lengthMm, 30.0, 0.5);
    EXPECT_NEAR(*g.widthMm, 30.0, 0.5);
    EXPECT_EQ(manualCalibration({0, 0}, {3, 0}, 10).error().code, MlErrorCode::InvalidInput);
    EXPECT_EQ(manualCalibration({0, 0}, {300, 0}, -1).error().code, MlErrorCode::InvalidInput);
}

TEST(WoundMeasurement, EmptyMaskMeasuresZero) {
    const WoundGeometry g = measureWound(cv::Mat(100, 100, CV_8U, cv::Scalar(0)), std::nullopt);
    EXPECT_EQ(g.areaPx, 0);
    EXPECT_EQ(g.regions, 0);
}

// A flat scene at 12 px/mm: a 20 mm ArUco marker and an elliptic wound of 30 × 18 mm semi-axes,
// photographed at an angle (a strong perspective homography).
TEST(ArucoCalibration, PerspectiveCorrectedAreaWithinTwoPercent) {
    constexpr double kPxPerMm = 12.0;
    const cv::Size planeSize(3000, 3000);
    cv::Mat plane(planeSize, CV_8UC3, cv::Scalar(150, 170, 205));  // skin-like
    cv::Mat noise(planeSize, CV_8UC3);
    cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(6));
    plane += noise;
    const int side = static_cast<int>(20 * kPxPerMm);
    cv::rectangle(plane, cv::Rect(1050 - 60, 1050 - 60, side + 120, side + 120),
                  cv::Scalar(255, 255, 255), cv::FILLED);
    cv::Mat marker;
    cv::cvtColor(drawArucoMarker(7, side), marker, cv::COLOR_GRAY2BGR);
    marker.copyTo(
        plane(cv::Rect(1050, 1050, side, side)));  // beside the wound, as it is stuck on the skin
    const cv::Mat planeMask =
        ellipseMask(planeSize, {1700, 1600},
                    {static_cast<int>(30 * kPxPerMm), static_cast<int>(18 * kPxPerMm)}, 20);
    plane.setTo(cv::Scalar(60, 60, 190), planeMask);
    const double trueAreaMm2 = CV_PI * 30 * 18;

    const std::vector<cv::Point2f> from{{0, 0}, {3000, 0}, {3000, 3000}, {0, 3000}};
    const std::vector<cv::Point2f> to{{500, 250}, {2700, 520}, {2950, 2750}, {150, 2400}};
    const cv::Mat warp = cv::getPerspectiveTransform(from, to);
    cv::Mat photo, photoMask;
    cv::warpPerspective(plane, photo, warp, cv::Size(3200, 3000), cv::INTER_LINEAR,
                        cv::BORDER_CONSTANT, cv::Scalar(40, 40, 40));
    cv::warpPerspective(planeMask, photoMask, warp, cv::Size(3200, 3000), cv::INTER_NEAREST);

    auto cal = detectArucoCalibration(photo, {20.0, 7});
    ASSERT_TRUE(cal) << cal.error().message;
    EXPECT_EQ(cal->source, "aruco");
    const WoundGeometry g = measureWound(photoMask, *cal);
    ASSERT_TRUE(g.areaMm2);
    std::cout << "ArUco scene: measured " << *g.areaMm2 << " mm², true " << trueAreaMm2 << " mm² ("
              << 100.0 * (*g.areaMm2 - trueAreaMm2) / trueAreaMm2 << " %)\n";
    EXPECT_NEAR(*g.areaMm2, trueAreaMm2, 0.02 * trueAreaMm2);
    EXPECT_NEAR(*g.lengthMm, 60.0, 0.03 * 60.0);
    EXPECT_NEAR(*g.widthMm, 36.0, 0.03 * 36.0);
    // Without perspective correction (a single scale at the marker) the error is much larger.
    auto flat = manualCalibration({0, 0}, {1, 0}, 0);
    EXPECT_FALSE(flat);
    const double naive = g.areaPx * cal->mmPerPixel * cal->mmPerPixel;
    EXPECT_GT(std::abs(naive - trueAreaMm2) / trueAreaMm2, 0.05);
}

TEST(ArucoCalibration, NoMarkerIsReported) {
    const cv::Mat photo(600, 800, CV_8UC3, cv::Scalar(120, 140, 180));
    auto cal = detectArucoCalibration(photo);
    ASSERT_FALSE(cal);
    EXPECT_EQ(cal.error().code, MlErrorCode::NoMarker);
}

TEST(MaskPostprocess, DropsIslandsAndFillsSmallHoles) {
    cv::Mat mask = ellipseMask({400, 400}, {200, 200}, {100, 80});
    cv::circle(mask, {200, 200}, 5, cv::Scalar(0), cv::FILLED);  // small hole
    cv::circle(mask, {30, 30}, 3, cv::Scalar(255), cv::FILLED);  // speck
    cv::Mat big = mask.clone();
    cv::circle(big, {200, 200}, 40, cv::Scalar(0), cv::FILLED);  // large hole stays
    const cv::Mat clean = postprocessMask(mask);
    EXPECT_EQ(clean.at<std::uint8_t>(200, 200), 255);
    EXPECT_EQ(clean.at<std::uint8_t>(30, 30), 0);
    const cv::Mat keepHole = postprocessMask(big);
    EXPECT_EQ(keepHole.at<std::uint8_t>(200, 200), 0);
}

// Logits of p = `inside` over a disc, p = 0.6 over its rim (above the 0.5 threshold), 0.05 outside.
void disc(cv::Mat& logits, cv::Point centre, int radius, float inside) {
    const auto logit = [](double p) { return static_cast<float>(std::log(p / (1.0 - p))); };
    cv::circle(logits, centre, radius, cv::Scalar(logit(0.6)), cv::FILLED);
    cv::circle(logits, centre, radius / 2, cv::Scalar(logit(inside)), cv::FILLED);
}

TEST(MaskPostprocess, KeepsTheIslandsTheModelIsSureOfNotTheLargest) {
    cv::Mat logits(400, 400, CV_32F, cv::Scalar(std::log(0.05 / 0.95)));
    disc(logits, {120, 200}, 50, 0.97f);  // a wound the model is sure of
    disc(logits, {300, 200}, 80, 0.75f);  // a larger blob it only leans towards (the floor)
    const cv::Mat mask = logits > 0;
    const cv::Mat kept = postprocessMask(mask, {}, logits);
    EXPECT_EQ(kept.at<std::uint8_t>(200, 120), 255);
    EXPECT_EQ(kept.at<std::uint8_t>(200, 300), 0) << "an island nowhere above 0.9 is dropped";
    // Without the logits every island is supported: size alone decides, both stay.
    const cv::Mat bySize = postprocessMask(mask);
    EXPECT_EQ(bySize.at<std::uint8_t>(200, 120), 255);
    EXPECT_EQ(bySize.at<std::uint8_t>(200, 300), 255);
    // When no island is sure, the surest island that is not a speck stays (the best guess is
    // not erased): the smaller, surer disc, not the large blob leaning towards wound, nor a
    // speck surer than both.
    cv::Mat unsure(400, 400, CV_32F, cv::Scalar(std::log(0.05 / 0.95)));
    disc(unsure, {120, 200}, 50, 0.85f);
    disc(unsure, {300, 200}, 80, 0.75f);
    cv::circle(unsure, {40, 40}, 3, cv::Scalar(std::log(0.89 / 0.11)), cv::FILLED);
    const cv::Mat guess = postprocessMask(unsure > 0, {}, unsure);
    EXPECT_EQ(guess.at<std::uint8_t>(200, 120), 255);
    EXPECT_EQ(guess.at<std::uint8_t>(200, 300), 0);
    EXPECT_EQ(guess.at<std::uint8_t>(40, 40), 0);
    // A lower bar keeps both discs.
    PostprocessOptions lenient;
    lenient.minPeakProbability = 0.7;
    const cv::Mat both = postprocessMask(unsure > 0, lenient, unsure);
    EXPECT_EQ(both.at<std::uint8_t>(200, 300), 255);
    EXPECT_EQ(both.at<std::uint8_t>(200, 120), 255);
}

}  // namespace
}  // namespace cicatrix::ml
