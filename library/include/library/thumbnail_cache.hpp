// Disk cache of photo thumbnails (JPEG, long side `longSide`), made by reduced JPEG decoding
// (DCT scaling) so a 12 MP photo never gets fully decoded for its thumbnail.
// Thread-safe: concurrent makers of the same thumbnail write the same bytes atomically.
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>

#include "library/error.hpp"
#include "library/photo_store.hpp"
#include "library/records.hpp"

namespace cicatrix::library {

class ThumbnailCache {
  public:
    ThumbnailCache(std::filesystem::path dir, int longSide = 256)
        : m_dir(std::move(dir)), m_longSide(longSide) {}

    [[nodiscard]] int longSide() const { return m_longSide; }
    [[nodiscard]] std::filesystem::path pathFor(const std::string& sha256) const;
    [[nodiscard]] bool contains(const std::string& sha256) const;

    // The thumbnail (BGR, upright): read from the cache, or made from the store and cached.
    [[nodiscard]] Result<cv::Mat> get(const PhotoStore& store, const Photo& photo) const;

    // Makes a thumbnail from encoded photo bytes without touching the cache.
    [[nodiscard]] static Result<cv::Mat> make(std::span<const std::uint8_t> bytes,
                                              int exifOrientation, int longSide);

  private:
    std::filesystem::path m_dir;
    int m_longSide;
};

}  // namespace cicatrix::library
