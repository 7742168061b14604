// Layout in millimetres, converted at the requested dpi.
#include "workstation/app/calibration_sticker.hpp"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "ml/calibration.hpp"

namespace cicatrix::workstation {

cv::Mat renderCalibrationSticker(const StickerSpec& spec) {
    const double pxPerMm = spec.dpi / 25.4;
    auto px = [&](double mm) { return static_cast<int>(std::lround(mm * pxPerMm)); };
    const double widthMm = std::max(70.0, spec.markerMm + 20.0), heightMm = spec.markerMm + 34.0;
    cv::Mat sticker(px(heightMm), px(widthMm), CV_8UC3, cv::Scalar(255, 255, 255));
    // Marker with a white quiet zone of 5 mm.
    const int side = px(spec.markerMm);
    cv::Mat marker;
    cv::cvtColor(ml::drawArucoMarker(spec.markerId, side), marker, cv::COLOR_GRAY2BGR);
    marker.copyTo(sticker(cv::Rect(px(5), px(5), side, side)));
    // 50 mm check ruler with 1 mm / 5 mm / 10 mm ticks.
    const int y = px(spec.markerMm + 14.0), x0 = px(5);
    cv::line(sticker, {x0, y}, {x0 + px(50), y}, cv::Scalar(0, 0, 0), std::max(1, px(0.2)));
    for (int mm = 0; mm <= 50; ++mm) {
        const double len = mm % 10 == 0 ? 4.0 : mm % 5 == 0 ? 3.0 : 1.8;
        cv::line(sticker, {x0 + px(mm), y}, {x0 + px(mm), y - px(len)}, cv::Scalar(0, 0, 0),
                 std::max(1, px(0.15)));
    }
    const double scale = pxPerMm / 12.0;
    cv::putText(sticker, "0", {x0 - px(0.8), y + px(3.5)}, cv::FONT_HERSHEY_SIMPLEX, scale * 0.5,
                cv::Scalar(0, 0, 0), std::max(1, px(0.2)));
    cv::putText(sticker, "50 mm", {x0 + px(47), y + px(3.5)}, cv::FONT_HERSHEY_SIMPLEX, scale * 0.5,
                cv::Scalar(0, 0, 0), std::max(1, px(0.2)));
    const int tx = px(spec.markerMm + 9.0);
    const auto text = [&](const std::string& s, double yMm) {
        cv::putText(sticker, s, {tx, px(yMm)}, cv::FONT_HERSHEY_SIMPLEX, scale * 0.42,
                    cv::Scalar(0, 0, 0), std::max(1, px(0.18)));
    };
    text("Cicatrix calibration", 8.0);
    text(fmt::format("ArUco 4x4_50 id {}", spec.markerId), 12.5);
    text(fmt::format("black square {:.1f} mm", spec.markerMm), 17.0);
    text(fmt::format("print at {} dpi, 100 %", spec.dpi), 21.5);
    cv::putText(sticker, "Check: the ruler must measure 50 mm. Stick flat beside the wound.",
                {x0, px(heightMm - 3.0)}, cv::FONT_HERSHEY_SIMPLEX, scale * 0.36,
                cv::Scalar(0, 0, 0), std::max(1, px(0.15)));
    return sticker;
}

}  // namespace cicatrix::workstation
