// readFileBytes → probeImage (size and pixel limits) → readExif → decodePhoto.
#include "library/photo_file.hpp"

#include "library/atomic_file.hpp"
#include "library/photo_decoder.hpp"

namespace cicatrix::library {

Result<LoadedPhoto> loadPhotoFile(const std::filesystem::path& file, const ImageLimits& limits) {
    auto bytes = readFileBytes(file, limits.maxFileBytes);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    return loadPhotoBytes(std::move(*bytes), limits);
}

Result<LoadedPhoto> loadPhotoBytes(std::vector<std::uint8_t> bytes, const ImageLimits& limits) {
    LoadedPhoto photo;
    photo.bytes = std::move(bytes);
    auto header = probeImage(photo.bytes, limits);
    if (!header) {
        return std::unexpected(header.error());
    }
    photo.header = *header;
    photo.exif = header->format == ImageFormat::Jpeg ? readExif(photo.bytes) : ExifInfo{};
    auto pixels = decodePhoto(photo.bytes, photo.header, photo.exif.orientation);
    if (!pixels) {
        return std::unexpected(pixels.error());
    }
    photo.upright = std::move(*pixels);
    return photo;
}

}  // namespace cicatrix::library
