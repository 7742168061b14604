// Thumbnail cache: <dir>/<sha[0:2]>/<sha>-<size>.jpg, written atomically.
#include "library/thumbnail_cache.hpp"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "library/photo_decoder.hpp"

namespace cicatrix::library {

namespace fs = std::filesystem;

fs::path ThumbnailCache::pathFor(const std::string& sha256) const {
    return m_dir / sha256.substr(0, 2) / fmt::format("{}-{}.jpg", sha256, m_longSide);
}

bool ThumbnailCache::contains(const std::string& sha256) const {
    std::error_code ec;
    return fs::is_regular_file(pathFor(sha256), ec);
}

Result<cv::Mat> ThumbnailCache::make(std::span<const std::uint8_t> bytes, int exifOrientation,
                                     int longSide) {
    auto header = probeImage(bytes);
    if (!header) {
        return std::unexpected(header.error());
    }
    auto reduced = decodePhotoReduced(bytes, *header, exifOrientation, longSide);
    if (!reduced) {
        return reduced;
    }
    return fitLongSide(*reduced, longSide);
}

Result<cv::Mat> ThumbnailCache::get(const PhotoStore& store, const Photo& photo) const {
    const fs::path cached = pathFor(photo.sha256);
    if (auto bytes = readFileBytes(cached, 16u << 20)) {
        cv::Mat image = cv::imdecode(*bytes, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        if (!image.empty()) {
            return image;
        }
        // A damaged cache entry is remade below (the cache is disposable).
    }
    auto original = store.read(photo.sha256);
    if (!original) {
        return std::unexpected(original.error());
    }
    auto thumb = make(*original, photo.exifOrientation, m_longSide);
    if (!thumb) {
        return thumb;
    }
    std::vector<std::uint8_t> encoded;
    cv::imencode(".jpg", *thumb, encoded, {cv::IMWRITE_JPEG_QUALITY, 88});
    // The cache is disposable: a full disk or a read-only cache folder must not hide the photo.
    (void)writeFileAtomically(cached, encoded, /*allowReplace=*/true);
    return thumb;
}

}  // namespace cicatrix::library
