// Layout in millimetres, converted at the requested dpi.
#include "ml/calibration_sticker.hpp"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cicatrix::ml {

StickerLayout stickerLayout(double markerMm) {
    StickerLayout l;
    l.widthMm = std::max(70.0, markerMm + 20.0);
    l.heightMm = markerMm + 34.0;
    l.markerAtMm = {5.0, 5.0};  // a white quiet zone of 5 mm
    l.ruler.baselineY = markerMm + 9.0;
    return l;
}

cv::Mat renderCalibrationSticker(const StickerSpec& spec) {
    return renderCalibrationSticker(spec, spec.dpi / 25.4);
}

cv::Mat renderCalibrationSticker(const StickerSpec& spec, double pxPerMm) {
    auto px = [&](double mm) { return static_cast<int>(std::lround(mm * pxPerMm)); };
    const StickerLayout layout = stickerLayout(spec.markerMm);
    const double widthMm = layout.widthMm, heightMm = layout.heightMm;
    cv::Mat sticker(px(heightMm), px(widthMm), CV_8UC3, cv::Scalar(255, 255, 255));
    const int side = px(spec.markerMm);
    cv::Mat marker;
    cv::cvtColor(drawArucoMarker(spec.markerId, side), marker, cv::COLOR_GRAY2BGR);
    const int mx = px(layout.markerAtMm.x), my = px(layout.markerAtMm.y);
    marker.copyTo(sticker(cv::Rect(mx, my, side, side)));
    // The check ruler with 1 mm / 5 mm / 10 mm ticks, each line an even number of pixels thick so
    // that its centre is exactly where the layout says (the calibration measures from it).
    const StickerRuler& r = layout.ruler;
    const int y = my + px(r.baselineY), x0 = mx + px(r.startX);
    const int length = static_cast<int>(std::lround(r.lengthMm));
    const auto even = [&](double mm) {
        return std::max(2, 2 * static_cast<int>(std::lround(mm * pxPerMm / 2)));
    };
    const int line = even(r.lineMm), tick = even(r.tickMm);
    const cv::Scalar ink(0, 0, 0);
    cv::rectangle(sticker, cv::Rect(x0 - tick / 2, y - line / 2, px(r.lengthMm) + tick, line), ink,
                  cv::FILLED);
    for (int mm = 0; mm <= length; ++mm) {
        const double len = mm % 10 == 0 ? r.tick10Mm : mm % 5 == 0 ? r.tick5Mm : r.tick1Mm;
        const int foot = y - px(r.tickGapMm);
        cv::rectangle(sticker, cv::Rect(x0 + px(mm) - tick / 2, foot - px(len), tick, px(len)), ink,
                      cv::FILLED);
    }
    const double scale = pxPerMm / 12.0;
    cv::putText(sticker, "0", {x0 - px(0.8), y + px(3.5)}, cv::FONT_HERSHEY_SIMPLEX, scale * 0.5,
                cv::Scalar(0, 0, 0), std::max(1, px(0.2)));
    cv::putText(sticker, fmt::format("{} mm", length), {x0 + px(r.lengthMm - 3.0), y + px(3.5)},
                cv::FONT_HERSHEY_SIMPLEX, scale * 0.5, cv::Scalar(0, 0, 0), std::max(1, px(0.2)));
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

}  // namespace cicatrix::ml
