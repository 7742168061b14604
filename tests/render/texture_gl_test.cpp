// Texture uploads and in-place updates on a real GL context (Xvfb + Mesa), read back with
// glGetTexImage and compared pixel for pixel; the texture cache's pins and in-place update.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "render/gl_test_context.hpp"
#include "render/pixel_convert.hpp"
#include "render/texture.hpp"
#include "render/texture_cache.hpp"

namespace cicatrix::render {
namespace {

class TextureGl : public test::GlTest {};
using test::randomImage;
using test::readBack;
using test::samePixels;

TEST_F(TextureGl, RgbaUploadsExactlyEvenFromARegionOfInterest) {
    const cv::Mat image = randomImage(37, 23, CV_8UC4, 1);  // odd width
    const Texture whole = Texture::fromRgba(image, kEditableLayer);
    ASSERT_TRUE(whole.valid());
    EXPECT_EQ(whole.format(), TextureFormat::Rgba8);
    EXPECT_EQ(whole.bytes(), 37u * 23u * 4u);
    EXPECT_TRUE(samePixels(readBack(whole), image));

    const cv::Mat big = randomImage(100, 80, CV_8UC4, 2);
    const cv::Mat roi = big(cv::Rect(13, 9, 41, 27));  // rows 400 bytes apart, not 164
    ASSERT_FALSE(roi.isContinuous());
    const Texture part = Texture::fromRgba(roi, kEditableLayer);
    EXPECT_TRUE(samePixels(readBack(part), roi));
    EXPECT_FALSE(Texture::fromRgba(cv::Mat(4, 4, CV_8UC3)).valid());
}

TEST_F(TextureGl, UpdateUploadsASubRectangleOfALargerImageAndRestoresUnpackState) {
    const cv::Mat before = randomImage(100, 80, CV_8UC4, 3);
    const cv::Mat after = randomImage(100, 80, CV_8UC4, 4);
    Texture texture = Texture::fromRgba(before, kEditableLayer);
    ASSERT_TRUE(texture.valid());
    // Someone else's unpack state, which the update must leave as it found it.
    glPixelStorei(GL_UNPACK_ALIGNMENT, 8);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 7);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 3);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 2);
    const cv::Rect rect(13, 7, 41, 29);
    ASSERT_TRUE(texture.update(after, rect));
    GLint alignment = 0, rowLength = 0, skipPixels = 0, skipRows = 0;
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &rowLength);
    glGetIntegerv(GL_UNPACK_SKIP_PIXELS, &skipPixels);
    glGetIntegerv(GL_UNPACK_SKIP_ROWS, &skipRows);
    EXPECT_EQ(alignment, 8);
    EXPECT_EQ(rowLength, 7);
    EXPECT_EQ(skipPixels, 3);
    EXPECT_EQ(skipRows, 2);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);

    cv::Mat expected = before.clone();
    after(rect).copyTo(expected(rect));
    EXPECT_TRUE(samePixels(readBack(texture), expected));
}

TEST_F(TextureGl, UpdateCopiesFromARoiSourceToAnotherPlace) {
    const cv::Mat before = randomImage(64, 48, CV_8UC4, 5);
    Texture texture = Texture::fromRgba(before, kEditableLayer);
    const cv::Mat big = randomImage(300, 200, CV_8UC4, 6);
    const cv::Mat source = big(cv::Rect(100, 50, 120, 90));  // a ROI of a larger image
    const cv::Rect from(10, 20, 30, 15);
    ASSERT_TRUE(texture.update(source, from, {5, 30}));
    cv::Mat expected = before.clone();
    source(from).copyTo(expected(cv::Rect(5, 30, 30, 15)));
    EXPECT_TRUE(samePixels(readBack(texture), expected));
}

TEST_F(TextureGl, RowsThatAreNotAWholeNumberOfPixelsApartStillUpload) {
    // User memory with 2 padding bytes per row: GL's row length counts pixels, so this path copies.
    const int width = 9, height = 5;
    const std::size_t step = width * 4 + 2;
    std::vector<std::uint8_t> buffer(step * height);
    cv::RNG rng(16);
    for (auto& b : buffer) b = static_cast<std::uint8_t>(rng.uniform(0, 256));
    const cv::Mat odd(height, width, CV_8UC4, buffer.data(), step);
    const Texture created = Texture::fromRgba(odd, kEditableLayer);
    EXPECT_TRUE(samePixels(readBack(created), odd));
    Texture texture =
        Texture::fromRgba(cv::Mat(height, width, CV_8UC4, cv::Scalar::all(0)), kEditableLayer);
    ASSERT_TRUE(texture.update(odd, {2, 1, 5, 3}));
    cv::Mat expected(height, width, CV_8UC4, cv::Scalar::all(0));
    odd(cv::Rect(2, 1, 5, 3)).copyTo(expected(cv::Rect(2, 1, 5, 3)));
    EXPECT_TRUE(samePixels(readBack(texture), expected));
}

TEST_F(TextureGl, UpdateRefusesMismatchesAndChangesNothing) {
    const cv::Mat before = randomImage(32, 32, CV_8UC4, 7);
    Texture texture = Texture::fromRgba(before, kEditableLayer);
    const cv::Mat other = randomImage(64, 64, CV_8UC4, 8);
    EXPECT_FALSE(texture.update(cv::Mat(32, 32, CV_8UC3, cv::Scalar::all(1)), {0, 0, 4, 4}));
    EXPECT_FALSE(texture.update(other, {30, 30, 4, 4}));           // past the texture's edge
    EXPECT_FALSE(texture.update(before, {30, 30, 4, 4}, {0, 0}));  // past the source's edge
    EXPECT_FALSE(texture.update(other, {0, 0, 0, 4}));
    EXPECT_TRUE(samePixels(readBack(texture), before));
}

TEST_F(TextureGl, LabelMapsAreSingleChannelAndUpdateInPlace) {
    const cv::Mat labels = randomImage(33, 17, CV_8UC1, 9);  // odd width: rows not 4-aligned
    Texture texture = Texture::fromLabels(labels);
    ASSERT_TRUE(texture.valid());
    EXPECT_EQ(texture.format(), TextureFormat::R8);
    EXPECT_FALSE(texture.hasMipmaps());
    EXPECT_EQ(texture.bytes(), 33u * 17u);
    EXPECT_TRUE(samePixels(readBack(texture), labels));

    const cv::Mat edited = randomImage(33, 17, CV_8UC1, 10);
    const cv::Rect stroke(3, 2, 21, 11);
    ASSERT_TRUE(texture.update(edited, stroke));
    cv::Mat expected = labels.clone();
    edited(stroke).copyTo(expected(stroke));
    EXPECT_TRUE(samePixels(readBack(texture), expected));
    EXPECT_FALSE(texture.update(randomImage(33, 17, CV_8UC4, 11), stroke));
    EXPECT_FALSE(Texture::fromLabels(randomImage(8, 8, CV_8UC4, 12)).valid());

    // A 0/255 mask drawn in ImGui's tint colour samples as (1, 1, 1, value).
    const Texture mask = Texture::fromLabels(
        labels, {.mipmaps = false, .nearest = true, .swizzle = Swizzle::AlphaMask});
    glBindTexture(GL_TEXTURE_2D, mask.id());
    GLint swizzle[4] = {};
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glBindTexture(GL_TEXTURE_2D, 0);
    EXPECT_EQ(swizzle[0], GL_ONE);
    EXPECT_EQ(swizzle[1], GL_ONE);
    EXPECT_EQ(swizzle[2], GL_ONE);
    EXPECT_EQ(swizzle[3], GL_RED);
}

TEST_F(TextureGl, MipmapsFollowAnUpdate) {
    const cv::Mat black(1024, 1024, CV_8UC4, cv::Scalar(0, 0, 0, 255));
    Texture texture = Texture::fromRgba(black);
    ASSERT_TRUE(texture.hasMipmaps());
    EXPECT_FALSE(Texture::fromRgba(black, kEditableLayer).hasMipmaps());
    const cv::Mat white(1024, 1024, CV_8UC4, cv::Scalar::all(255));
    ASSERT_TRUE(texture.update(white, {0, 0, 512, 512}));
    const cv::Mat level1 = readBack(texture, 1);
    ASSERT_EQ(level1.size(), cv::Size(512, 512));
    EXPECT_EQ(level1.at<cv::Vec4b>(100, 100), cv::Vec4b(255, 255, 255, 255));
    EXPECT_EQ(level1.at<cv::Vec4b>(400, 400), cv::Vec4b(0, 0, 0, 255));
}

TEST_F(TextureGl, FromBgrConvertsForExistingCallers) {
    const cv::Mat bgr = randomImage(20, 10, CV_8UC3, 13);
    const Texture texture = Texture::fromBgr(bgr);
    ASSERT_TRUE(texture.valid());
    EXPECT_TRUE(samePixels(readBack(texture), toRgba(bgr)));
}

TEST_F(TextureGl, CachePinsKeepTexturesOverBudgetUntilReleased) {
    TextureCache cache(100);  // far less than any texture below
    const cv::Mat image = randomImage(16, 16, CV_8UC4, 14);
    cache.beginFrame();
    CachePin pin = cache.pinScoped("layer");
    ASSERT_NE(cache.insertRgba("layer", image, kEditableLayer), nullptr);
    ASSERT_NE(cache.insertRgba("photo", image), nullptr);
    cache.endFrame();  // both used this frame: kept
    EXPECT_EQ(cache.count(), 2u);
    for (int frame = 0; frame < 3; ++frame) {
        cache.beginFrame();
        cache.endFrame();
    }
    EXPECT_TRUE(cache.contains("layer"));
    EXPECT_FALSE(cache.contains("photo"));

    // In-place update through the cache.
    const cv::Mat edited = randomImage(16, 16, CV_8UC4, 15);
    cache.beginFrame();
    ASSERT_TRUE(cache.update("layer", edited, {4, 4, 8, 8}));
    cv::Mat expected = image.clone();
    edited(cv::Rect(4, 4, 8, 8)).copyTo(expected(cv::Rect(4, 4, 8, 8)));
    const Texture* layer = cache.find("layer");
    ASSERT_NE(layer, nullptr);
    EXPECT_TRUE(samePixels(readBack(*layer), expected));
    EXPECT_EQ(cache.findTiled("layer"), nullptr);  // not the tiled kind
    EXPECT_FALSE(cache.update("missing", edited, {0, 0, 1, 1}));
    cache.endFrame();

    pin.release();
    EXPECT_FALSE(cache.pinned("layer"));
    cache.beginFrame();
    cache.endFrame();
    EXPECT_FALSE(cache.contains("layer"));
    EXPECT_EQ(cache.usedBytes(), 0u);
}

}  // namespace
}  // namespace cicatrix::render
