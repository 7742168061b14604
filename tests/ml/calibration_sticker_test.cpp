// The printable sticker: its marker calibrates to its printed resolution, and its ruler checks
// the marker's plane 50 mm away — found on the sticker, absent on a bare marker, and a ruler off
// its place (a sticker not flat, a bad print) is flagged before the number.
#include <gtest/gtest.h>

#include "ml/calibration.hpp"
#include "ml/calibration_quality.hpp"
#include "ml/calibration_sticker.hpp"
#include "support/marker_scene.hpp"

namespace cicatrix::ml {
namespace {

TEST(CalibrationSticker, MarkerMeasuresItsPrintedSizeAndItsRulerAgrees) {
    for (const int dpi : {300, 600}) {
        const cv::Mat sticker = renderCalibrationSticker({7, 20.0, dpi});
        auto cal = detectArucoCalibration(sticker, {20.0, 7});
        ASSERT_TRUE(cal) << cal.error().message;
        EXPECT_NEAR(cal->mmPerPixel, 25.4 / dpi, 0.01 * 25.4 / dpi) << dpi << " dpi";
        EXPECT_NEAR(sticker.cols, std::lround(70.0 / 25.4 * dpi), 1);
        ASSERT_TRUE(cal->conditions && cal->conditions->rulerDisagreementMm) << cal->detail;
        // Whole printer dots: up to half a dot (0.04 mm at 300 dpi) on each of the layout's steps.
        EXPECT_LT(*cal->conditions->rulerDisagreementMm, 0.15) << dpi << " dpi";
        EXPECT_EQ(cal->markers.front().ruler->image.size(), 6u);  // every 10 mm tick, 0 to 50
        EXPECT_NE(cal->detail.find("sticker ruler agrees"), std::string::npos) << cal->detail;
    }
}

test::SceneConditions stickerScene(double tiltDeg, double markerPx) {
    test::SceneConditions c;
    c.tiltDeg = tiltDeg;
    c.markerSidePx = markerPx;
    c.defocusSigmaPx = 0.6;
    c.sticker = true;
    c.seed = 5;
    return c;
}

TEST(StickerRuler, FoundOnTheStickerInAPhotoAndAbsentOnABareMarker) {
    for (const auto& [tilt, px] : {std::pair{0.0, 120.0}, std::pair{40.0, 140.0}}) {
        const auto scene = test::renderMarkerScene(stickerScene(tilt, px));
        auto cal = detectArucoCalibration(scene.bgr, {test::kSceneMarkerMm, std::nullopt});
        ASSERT_TRUE(cal) << cal.error().message;
        ASSERT_TRUE(cal->conditions->rulerDisagreementMm) << "tilt " << tilt;
        EXPECT_LT(*cal->conditions->rulerDisagreementMm, 0.3) << "tilt " << tilt;
        const auto q = assessCalibration(*cal, std::nullopt);
        for (const auto& r : q.reasons) EXPECT_EQ(r.find("ruler"), std::string::npos) << r;
    }
    auto bare = stickerScene(0, 120);
    bare.sticker = false;
    auto cal = detectArucoCalibration(test::renderMarkerScene(bare).bgr,
                                      {test::kSceneMarkerMm, std::nullopt});
    ASSERT_TRUE(cal) << cal.error().message;
    EXPECT_FALSE(cal->conditions->rulerDisagreementMm);
    EXPECT_FALSE(cal->markers.front().ruler);
}

TEST(StickerRuler, ARulerOffItsPlaceIsFlaggedBeforeTheNumber) {
    for (const auto& [shift, level] :
         {std::pair{1.0, CalibrationLevel::Fair}, std::pair{2.0, CalibrationLevel::Unreliable}}) {
        auto c = stickerScene(20, 120);
        c.rulerShiftMm = shift;
        auto cal = detectArucoCalibration(test::renderMarkerScene(c).bgr,
                                          {test::kSceneMarkerMm, std::nullopt});
        ASSERT_TRUE(cal) << cal.error().message;
        ASSERT_TRUE(cal->conditions->rulerDisagreementMm) << "shift " << shift;
        EXPECT_NEAR(*cal->conditions->rulerDisagreementMm, shift, 0.3);
        const auto q = assessCalibration(*cal, std::nullopt);
        EXPECT_EQ(q.level, level) << "shift " << shift;
        ASSERT_FALSE(q.reasons.empty());
        EXPECT_NE(q.reasons.front().find("sticker's ruler"), std::string::npos)
            << q.reasons.front();
    }
}

}  // namespace
}  // namespace cicatrix::ml
