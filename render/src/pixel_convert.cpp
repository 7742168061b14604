// cvtColor for the colour conversions; a per-pixel palette lookup for label maps.
#include "render/pixel_convert.hpp"

#include <opencv2/imgproc.hpp>

namespace cicatrix::render {

cv::Mat toRgba(const cv::Mat& image) {
    if (image.empty() || image.depth() != CV_8U) {
        return {};
    }
    cv::Mat rgba;
    switch (image.channels()) {
        case 1:
            cv::cvtColor(image, rgba, cv::COLOR_GRAY2RGBA);
            break;
        case 3:
            cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
            break;
        case 4:
            cv::cvtColor(image, rgba, cv::COLOR_BGRA2RGBA);
            break;
        default:
            return {};
    }
    return rgba;
}

bool colourizeLabels(const cv::Mat& labels, const LabelPalette& palette, cv::Rect rect,
                     cv::Mat& rgba) {
    if (labels.type() != CV_8UC1) {
        return false;
    }
    if (rgba.empty()) {
        rgba = cv::Mat(labels.size(), CV_8UC4, cv::Scalar::all(0));
    }
    if (rgba.type() != CV_8UC4 || rgba.size() != labels.size()) {
        return false;
    }
    rect &= cv::Rect(0, 0, labels.cols, labels.rows);
    const cv::Vec4b transparent(0, 0, 0, 0);
    for (int y = rect.y; y < rect.y + rect.height; ++y) {
        const auto* in = labels.ptr<std::uint8_t>(y);
        auto* out = rgba.ptr<cv::Vec4b>(y);
        for (int x = rect.x; x < rect.x + rect.width; ++x) {
            const std::size_t v = in[x];
            out[x] = v < palette.size() ? palette[v] : transparent;
        }
    }
    return true;
}

}  // namespace cicatrix::render
