// Reading a photo file safely: size limit, header probe (limits, truncation), EXIF, strict full
// decode with orientation applied. The one path by which photo bytes enter Cicatrix. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "library/exif_reader.hpp"
#include "library/image_probe.hpp"

namespace cicatrix::library {

struct LoadedPhoto {
    std::vector<std::uint8_t> bytes;
    ImageHeader header;
    ExifInfo exif;
    cv::Mat upright;  // BGR, EXIF orientation applied
};

[[nodiscard]] Result<LoadedPhoto> loadPhotoFile(const std::filesystem::path& file,
                                                const ImageLimits& limits = {});
// The same checks on bytes already in memory (received over the network, say); loadPhotoFile
// reads the file and calls this.
[[nodiscard]] Result<LoadedPhoto> loadPhotoBytes(std::vector<std::uint8_t> bytes,
                                                 const ImageLimits& limits = {});

}  // namespace cicatrix::library
