// readFileBytes → probeImage → readExif → decodePhoto.
#include "library/photo_file.hpp"

#include "library/photo_decoder.hpp"
#include "library/atomic_file.hpp"

namespace cicatrix::library {

Result<LoadedPhoto> loadPhotoFile(const std::filesystem::path& file, const ImageLimits& limits) {
    LoadedPhoto photo;
    auto bytes = readFileBytes(file, limits.maxFileBytes);
    if (!bytes) return std::unexpected(bytes.error());
    photo.bytes = std::move(*bytes);
    auto header = probeImage(photo.bytes, limits);
    if (!header) return std::unexpected(header.error());
    photo.header = *header;
    photo.exif = header->format == ImageFormat::Jpeg ? readExif(photo.bytes) : ExifInfo{};
    auto pixels = decodePhoto(photo.bytes, photo.header, photo.exif.orientation);
    if (!pixels) return std::unexpected(pixels.error());
    photo.upright = std::move(*pixels);
    return photo;
}

}  // namespace cicatrix::library
