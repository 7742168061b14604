// Header probing and EXIF parsing on real encoded bytes.
#include <gtest/gtest.h>

#include "library/exif_reader.hpp"
#include "library/image_probe.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

using namespace cicatrix::test;

TEST(ImageProbe, ReadsJpegAndPngDimensions) {
    auto jpeg = probeImage(encodeJpeg(markedImage(321, 123)));
    ASSERT_TRUE(jpeg);
    EXPECT_EQ(jpeg->format, ImageFormat::Jpeg);
    EXPECT_EQ(jpeg->width, 321);
    EXPECT_EQ(jpeg->height, 123);
    auto png = probeImage(encodePng(markedImage(17, 9)));
    ASSERT_TRUE(png);
    EXPECT_EQ(png->format, ImageFormat::Png);
    EXPECT_EQ(png->width, 17);
    EXPECT_EQ(png->height, 9);
}

TEST(ImageProbe, SkipsTheExifSegmentToFindTheFrame) {
    auto header = probeImage(withExif(encodeJpeg(markedImage(64, 32)), "2020:01:01 00:00:00", 3));
    ASSERT_TRUE(header);
    EXPECT_EQ(header->width, 64);
}

TEST(ImageProbe, EnforcesConfigurableLimits) {
    const auto jpeg = encodeJpeg(markedImage(300, 200));
    ImageLimits limits;
    limits.maxPixels = 50'000;
    auto header = probeImage(jpeg, limits);
    ASSERT_FALSE(header);
    EXPECT_EQ(header.error().code, ErrorCode::TooLarge);
    limits = {};
    limits.maxFileBytes = 100;
    EXPECT_EQ(probeImage(jpeg, limits).error().code, ErrorCode::TooLarge);
    EXPECT_EQ(probeImage(pngHeaderClaiming(30000, 10)).error().code,
              ErrorCode::TooLarge);  // side limit
}

TEST(ExifReader, ReadsDateAndOrientation) {
    const auto jpeg = withExif(encodeJpeg(markedImage(32, 32)), "2023:07:14 09:05:01", 8);
    const ExifInfo info = readExif(jpeg);
    ASSERT_TRUE(info.dateTimeOriginal);
    EXPECT_EQ(*info.dateTimeOriginal, "2023-07-14T09:05:01");
    EXPECT_EQ(info.orientation, 8);
}

TEST(ExifReader, AbsentOrBlankFieldsAreNotInvented) {
    EXPECT_FALSE(readExif(encodeJpeg(markedImage(32, 32))).dateTimeOriginal);
    EXPECT_EQ(readExif(encodeJpeg(markedImage(32, 32))).orientation, 1);
    const auto blank = withExif(encodeJpeg(markedImage(32, 32)), "0000:00:00 00:00:00", 99);
    const ExifInfo info = readExif(blank);
    EXPECT_FALSE(info.dateTimeOriginal);
    EXPECT_EQ(info.orientation, 1);
    EXPECT_FALSE(exifDateToIso("2023:13:01 00:00:00"));
    EXPECT_EQ(exifDateToIso("2023:12:31 23:59:59"), "2023-12-31T23:59:59");
}

}  // namespace
}  // namespace cicatrix::library
