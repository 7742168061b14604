// libexif parses the APP1 segment found in the JPEG bytes; we read two tags from it.
#include "library/exif_reader.hpp"

#include <libexif/exif-data.h>

#include <array>
#include <cstdio>
#include <memory>

#include "library/image_orientation.hpp"

namespace cicatrix::library {

namespace {
struct ExifDataDeleter {
    void operator()(ExifData* data) const { exif_data_unref(data); }
};
}  // namespace

std::optional<std::string> exifDateToIso(const std::string& exifDate) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(exifDate.c_str(), "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
        return std::nullopt;
    }
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 60) {
        return std::nullopt;
    }
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
    return std::string(buf.data());
}

ExifInfo readExif(std::span<const std::uint8_t> jpegBytes) {
    ExifInfo info;
    std::unique_ptr<ExifData, ExifDataDeleter> data(
        exif_data_new_from_data(jpegBytes.data(), static_cast<unsigned int>(jpegBytes.size())));
    if (!data) {
        return info;
    }
    const ExifByteOrder order = exif_data_get_byte_order(data.get());
    if (ExifEntry* entry = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
        entry != nullptr && entry->format == EXIF_FORMAT_SHORT && entry->components >= 1) {
        const int value = exif_get_short(entry->data, order);
        info.orientation = isValidExifOrientation(value) ? value : 1;
    }
    if (ExifEntry* entry =
            exif_content_get_entry(data->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
        entry != nullptr) {
        std::array<char, 64> value{};
        exif_entry_get_value(entry, value.data(), value.size());
        info.dateTimeOriginal = exifDateToIso(value.data());
    }
    return info;
}

}  // namespace cicatrix::library
