// Thumbnails: reduced JPEG decoding picks the DCT scale, orientation is applied, results are
// cached on disk and a damaged cache entry is remade.
#include <gtest/gtest.h>

#include <fstream>

#include "library/content_hash.hpp"
#include "library/photo_decoder.hpp"
#include "library/thumbnail_cache.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

using namespace cicatrix::test;

TEST(ReducedDecode, PicksTheSmallestDctScaleAboveTheTarget) {
    const auto jpeg = encodeJpeg(markedImage(4000, 3000));
    auto header = probeImage(jpeg);
    ASSERT_TRUE(header);
    auto eighth = decodePhotoReduced(jpeg, *header, 1, 256);
    ASSERT_TRUE(eighth);
    EXPECT_EQ(eighth->cols, 500);  // 4000 / 8
    EXPECT_EQ(eighth->rows, 375);
    auto half = decodePhotoReduced(jpeg, *header, 1, 1500);
    ASSERT_TRUE(half);
    EXPECT_EQ(half->cols, 2000);
    auto full = decodePhotoReduced(jpeg, *header, 1, 3000);
    ASSERT_TRUE(full);
    EXPECT_EQ(full->cols, 4000);
}

TEST(ReducedDecode, MatchesTheFullDecodeDownsampled) {
    const cv::Mat image = markedImage(1600, 1200);
    const auto jpeg = encodeJpeg(image, 95);
    auto header = probeImage(jpeg);
    auto reduced = decodePhotoReduced(jpeg, *header, 1, 200);
    auto full = decodePhoto(jpeg, *header, 1);
    ASSERT_TRUE(reduced && full);
    const cv::Mat a = fitLongSide(*reduced, 200);
    const cv::Mat b = fitLongSide(*full, 200);
    ASSERT_EQ(a.size(), b.size());
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    EXPECT_LT(cv::mean(diff)[0] + cv::mean(diff)[1] + cv::mean(diff)[2], 3 * 4.0);
}

TEST(ThumbnailCache, MakesCachesAndReusesThumbnails) {
    TempDir dir;
    PhotoStore store(dir / "store");
    const auto jpeg = encodeJpeg(markedImage(1200, 800));
    Photo photo;
    photo.sha256 = sha256Hex(jpeg);
    photo.exifOrientation = 8;  // rotate 90° counter-clockwise
    ASSERT_TRUE(store.put(photo.sha256, jpeg));
    ThumbnailCache cache(dir / "thumbs", 256);
    EXPECT_FALSE(cache.contains(photo.sha256));
    auto thumb = cache.get(store, photo);
    ASSERT_TRUE(thumb) << thumb.error().message;
    EXPECT_EQ(std::max(thumb->cols, thumb->rows), 256);
    EXPECT_EQ(thumb->cols, 171);                       // 800×1200 upright → 171×256
    EXPECT_TRUE(isRed(*thumb, 20, thumb->rows - 20));  // top-left red moved to bottom-left
    EXPECT_TRUE(cache.contains(photo.sha256));

    // The cached file serves later requests, even without the original.
    std::filesystem::remove(store.pathFor(photo.sha256));
    auto again = cache.get(store, photo);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), thumb->size());
}

TEST(ThumbnailCache, AnUnwritableCacheStillGivesTheThumbnail) {
    TempDir dir;
    PhotoStore store(dir / "store");
    const auto jpeg = encodeJpeg(markedImage(640, 480));
    Photo photo;
    photo.sha256 = sha256Hex(jpeg);
    ASSERT_TRUE(store.put(photo.sha256, jpeg));
    std::ofstream(dir / "thumbs") << "a file where the cache folder should be";
    ThumbnailCache cache(dir / "thumbs", 256);
    auto thumb = cache.get(store, photo);
    ASSERT_TRUE(thumb) << thumb.error().message;
    EXPECT_EQ(thumb->cols, 256);
    EXPECT_FALSE(cache.contains(photo.sha256));
}

TEST(ThumbnailCache, RemakesADamagedCacheEntry) {
    TempDir dir;
    PhotoStore store(dir / "store");
    const auto png = encodePng(markedImage(600, 300));
    Photo photo;
    photo.sha256 = sha256Hex(png);
    ASSERT_TRUE(store.put(photo.sha256, png));
    ThumbnailCache cache(dir / "thumbs", 128);
    writeFile(cache.pathFor(photo.sha256), {'g', 'a', 'r', 'b', 'a', 'g', 'e'});
    auto thumb = cache.get(store, photo);
    ASSERT_TRUE(thumb) << thumb.error().message;
    EXPECT_EQ(thumb->cols, 128);
    EXPECT_GT(std::filesystem::file_size(cache.pathFor(photo.sha256)), 100u);
}

TEST(ThumbnailCache, ReportsAMissingOriginal) {
    TempDir dir;
    PhotoStore store(dir / "store");
    ThumbnailCache cache(dir / "thumbs");
    Photo photo;
    photo.sha256 = std::string(64, 'a');
    auto thumb = cache.get(store, photo);
    ASSERT_FALSE(thumb);
    EXPECT_EQ(thumb.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace cicatrix::library
