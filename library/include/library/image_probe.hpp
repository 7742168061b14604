// Cheap checks on encoded image bytes before any pixel buffer is allocated:
// format by magic number, declared dimensions from the header, truncation, and safety limits.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "library/error.hpp"

namespace cicatrix::library {

enum class ImageFormat { Jpeg, Png };

struct ImageHeader {
    ImageFormat format;
    int width = 0;  // as stored, before EXIF orientation
    int height = 0;
};

struct ImageLimits {
    std::uint64_t maxFileBytes = 256ull << 20;  // 256 MiB
    std::uint64_t maxPixels = 120'000'000;      // 120 MP: above any clinical camera
    int maxSide = 20'000;
};

[[nodiscard]] const char* mediaType(ImageFormat format);

// Reads the header only. Rejects empty, unknown, truncated and over-limit images with a message.
[[nodiscard]] Result<ImageHeader> probeImage(std::span<const std::uint8_t> bytes,
                                             const ImageLimits& limits = {});

}  // namespace cicatrix::library
