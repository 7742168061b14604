// CPU pixel preparation for GPU upload: BGR/BGRA/gray to RGBA, label maps to colours. Pure
// functions on cv::Mat with no GL; thread-safe, so decode jobs run them on a worker and the main
// thread only uploads (Texture::fromRgba).
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace cicatrix::render {

// 8-bit BGR, BGRA or single-channel gray (any step, ROIs included) to a new, continuous 8-bit RGBA
// image. Returns an empty Mat for anything else (other depths, 2 channels, empty input).
[[nodiscard]] cv::Mat toRgba(const cv::Mat& image);

// RGBA colour per label value: palette[v] colours label v; values past the end are transparent.
using LabelPalette = std::vector<cv::Vec4b>;

// Colours the labels (CV_8UC1) inside `rect` into `rgba` (CV_8UC4 of the same size; allocated and
// cleared to transparent when empty), leaving the rest of `rgba` as it was: after a brush stroke,
// recolour the dirty rectangle and upload just that with Texture::update. `rect` is clipped to the
// image. Returns false when the types or sizes do not match.
bool colourizeLabels(const cv::Mat& labels, const LabelPalette& palette, cv::Rect rect,
                     cv::Mat& rgba);

}  // namespace cicatrix::render
