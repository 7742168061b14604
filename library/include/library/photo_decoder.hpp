// Decodes probed image bytes into upright BGR pixels.
// JPEG goes through libjpeg-turbo in strict mode (warnings about corrupt data are errors) and can
// be decoded at 1/2, 1/4 or 1/8 scale in the DCT (reduced decoding, for thumbnails). Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <span>

#include "library/error.hpp"
#include "library/image_probe.hpp"

namespace cicatrix::library {

// Full-resolution decode, EXIF orientation applied.
[[nodiscard]] Result<cv::Mat> decodePhoto(std::span<const std::uint8_t> bytes,
                                          const ImageHeader& header, int exifOrientation);

// Decode so that the long side is at least `minLongSide` using the cheapest DCT scale (JPEG), then
// orientation; the caller resizes the result. PNG falls back to a full decode.
[[nodiscard]] Result<cv::Mat> decodePhotoReduced(std::span<const std::uint8_t> bytes,
                                                 const ImageHeader& header, int exifOrientation,
                                                 int minLongSide);

// Area-resamples `image` so that its long side is `longSide` (never upsamples).
[[nodiscard]] cv::Mat fitLongSide(const cv::Mat& image, int longSide);

}  // namespace cicatrix::library
