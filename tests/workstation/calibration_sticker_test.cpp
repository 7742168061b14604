// The printable sticker carries a marker that calibrates to its printed resolution.
#include <gtest/gtest.h>

#include "ml/calibration.hpp"
#include "workstation/app/calibration_sticker.hpp"

namespace cicatrix::workstation {
namespace {

TEST(CalibrationSticker, MarkerMeasuresItsPrintedSize) {
    for (const int dpi : {300, 600}) {
        const cv::Mat sticker = renderCalibrationSticker({7, 20.0, dpi});
        auto cal = ml::detectArucoCalibration(sticker, {20.0, 7});
        ASSERT_TRUE(cal) << cal.error().message;
        EXPECT_NEAR(cal->mmPerPixel, 25.4 / dpi, 0.01 * 25.4 / dpi) << dpi << " dpi";
        EXPECT_NEAR(sticker.cols, std::lround(70.0 / 25.4 * dpi), 1);
    }
}

}  // namespace
}  // namespace cicatrix::workstation
