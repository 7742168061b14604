// Test fixtures: temp folders and real encoded images (JPEG with EXIF written by libexif, PNG),
// plus damaged variants of them. Used by the workstation and GUI tests.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cicatrix::test {

// A fresh folder under the system temp dir, removed on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
        return m_path / name;
    }

  private:
    std::filesystem::path m_path;
};

// A width×height BGR image, grey with a pure red top-left quadrant and a noisy texture
// (so JPEGs are not trivially small). `seed` changes the noise (different bytes).
[[nodiscard]] cv::Mat markedImage(int width, int height, int seed = 1);

[[nodiscard]] std::vector<std::uint8_t> encodeJpeg(const cv::Mat& image, int quality = 90);
[[nodiscard]] std::vector<std::uint8_t> encodePng(const cv::Mat& image);

// Inserts an EXIF APP1 segment (built with libexif) right after the JPEG's SOI marker.
[[nodiscard]] std::vector<std::uint8_t> withExif(
    const std::vector<std::uint8_t>& jpeg,
    std::optional<std::string> dateTimeOriginal,  // "YYYY:MM:DD HH:MM:SS"
    std::optional<int> orientation);

void writeFile(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes);

// A syntactically complete PNG (signature, IHDR, one IDAT, IEND) declaring width×height pixels.
[[nodiscard]] std::vector<std::uint8_t> pngHeaderClaiming(std::uint32_t width,
                                                          std::uint32_t height);
// A JPEG whose frame header claims width×height (the rest of a small real JPEG follows).
[[nodiscard]] std::vector<std::uint8_t> jpegClaiming(std::uint16_t width, std::uint16_t height);

// Is the pixel at (x, y) close to pure red?
[[nodiscard]] bool isRed(const cv::Mat& bgr, int x, int y);

}  // namespace cicatrix::test
