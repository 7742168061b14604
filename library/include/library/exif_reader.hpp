// Reads the EXIF fields the library needs (capture time, orientation) with libexif.
// Missing or malformed EXIF is not an error: fields are simply absent. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace cicatrix::library {

struct ExifInfo {
    std::optional<std::string> dateTimeOriginal;  // "YYYY-MM-DDTHH:MM:SS", camera local time
    int orientation = 1;                          // 1..8; 1 when absent or invalid
};

[[nodiscard]] ExifInfo readExif(std::span<const std::uint8_t> jpegBytes);

// "YYYY:MM:DD HH:MM:SS" (EXIF) → "YYYY-MM-DDTHH:MM:SS"; nullopt for blank or impossible dates.
[[nodiscard]] std::optional<std::string> exifDateToIso(const std::string& exifDate);

}  // namespace cicatrix::library
