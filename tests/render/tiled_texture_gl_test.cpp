// Tiled textures on a real GL context (Xvfb + Mesa): tiles read back and reassembled equal the
// image; an update crossing tile borders lands exactly; drawing emits one image per visible tile.
#include <gtest/gtest.h>
#include <imgui.h>

#include "render/gl_test_context.hpp"
#include "render/tiled_texture.hpp"

namespace cicatrix::render {
namespace {

using test::randomImage;
using test::readBack;
using test::samePixels;

class TiledTextureGl : public test::GlTest {};

cv::Mat assemble(const TiledTexture& tiled) {
    const bool r8 = tiled.tile(0).format() == TextureFormat::R8;
    cv::Mat out(tiled.size(), r8 ? CV_8UC1 : CV_8UC4, cv::Scalar::all(0));
    for (int i = 0; i < tiled.layout().count(); ++i) {
        const cv::Rect r = tiled.layout().tileRect(i);
        const cv::Mat pixels = readBack(tiled.tile(i));
        EXPECT_EQ(pixels.size(), r.size()) << "tile " << i;
        if (pixels.size() == r.size()) {
            pixels.copyTo(out(r));
        }
    }
    return out;
}

TEST_F(TiledTextureGl, SplitsAnImageIntoSmallTilesThatReassembleExactly) {
    const cv::Mat image = randomImage(300, 200, CV_8UC4, 21);
    const TiledTexture tiled = TiledTexture::fromPixels(image, kEditableLayer, 64);
    ASSERT_TRUE(tiled.valid());
    EXPECT_EQ(tiled.layout().columns(), 5);
    EXPECT_EQ(tiled.layout().rows(), 4);
    EXPECT_EQ(tiled.size(), cv::Size(300, 200));
    EXPECT_EQ(tiled.bytes(), 300u * 200u * 4u);
    EXPECT_TRUE(samePixels(assemble(tiled), image));
}

TEST_F(TiledTextureGl, AnUpdateAcrossTileBordersLandsExactly) {
    const cv::Mat image = randomImage(300, 200, CV_8UC4, 22);
    TiledTexture tiled = TiledTexture::fromPixels(image, kEditableLayer, 64);
    ASSERT_TRUE(tiled.valid());
    cv::Mat edited = image.clone();
    const cv::Rect stroke(50, 40, 100, 90);  // columns 0-2, rows 0-2: nine tiles
    randomImage(300, 200, CV_8UC4, 23)(stroke).copyTo(edited(stroke));
    ASSERT_TRUE(tiled.update(edited, stroke));
    EXPECT_TRUE(samePixels(assemble(tiled), edited));

    // A rectangle hanging off the image is clipped; the remainder tiles (44 x 8) take it.
    const cv::Rect corner(250, 180, 100, 100);
    const cv::Rect inside = corner & cv::Rect(0, 0, 300, 200);
    randomImage(300, 200, CV_8UC4, 24)(inside).copyTo(edited(inside));
    ASSERT_TRUE(tiled.update(edited, corner));
    EXPECT_TRUE(samePixels(assemble(tiled), edited));

    EXPECT_FALSE(tiled.update(randomImage(301, 200, CV_8UC4, 25), stroke));
    EXPECT_FALSE(tiled.update(randomImage(300, 200, CV_8UC1, 26), stroke));
    EXPECT_TRUE(samePixels(assemble(tiled), edited));
}

TEST_F(TiledTextureGl, LabelMapsTileToo) {
    const cv::Mat labels = randomImage(130, 70, CV_8UC1, 27);
    TiledTexture tiled = TiledTexture::fromPixels(labels, kLabelMap, 64);
    ASSERT_EQ(tiled.layout().count(), 6);
    EXPECT_EQ(tiled.tile(0).format(), TextureFormat::R8);
    EXPECT_TRUE(samePixels(assemble(tiled), labels));
    cv::Mat edited = labels.clone();
    const cv::Rect stroke(60, 30, 9, 40);
    edited(stroke).setTo(3);
    ASSERT_TRUE(tiled.update(edited, stroke));
    EXPECT_TRUE(samePixels(assemble(tiled), edited));
}

TEST_F(TiledTextureGl, TilesAreAtMostTheGlMaximum) {
    const int limit = maxTextureSize();
    ASSERT_GE(limit, 1024);  // GL 3.3 guarantees at least 1024
    const cv::Mat image = randomImage(100, 50, CV_8UC4, 28);
    EXPECT_EQ(TiledTexture::fromPixels(image).layout().tileSide(), limit);
    EXPECT_EQ(TiledTexture::fromPixels(image, kEditableLayer, limit * 2).layout().tileSide(),
              limit);
    EXPECT_EQ(TiledTexture::fromPixels(image).layout().count(), 1);
    EXPECT_FALSE(TiledTexture::fromPixels(cv::Mat(10, 10, CV_8UC3)).valid());
}

TEST_F(TiledTextureGl, DrawsOneImagePerVisibleTile) {
    const cv::Mat image = randomImage(300, 200, CV_8UC4, 29);
    const TiledTexture tiled = TiledTexture::fromPixels(image, kEditableLayer, 64);
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // leave no imgui.ini behind
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* fontPixels = nullptr;
    int fontWidth = 0, fontHeight = 0;
    io.Fonts->GetTexDataAsRGBA32(&fontPixels, &fontWidth, &fontHeight);
    ImGui::NewFrame();
    ImDrawList* dl = ImGui::GetForegroundDrawList();

    const Viewport viewport{{10, 20}, {100, 100}};
    const ViewTransform view{1.0, {32.0, 32.0}, false};  // tiles 0, 1, 5, 6 on screen
    tiled.draw(dl, view, viewport, 0x80FFFFFFu);
    std::vector<void*> textures;
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
        if (cmd.ElemCount > 0) {
            textures.push_back(cmd.TextureId);
        }
    }
    const std::vector<void*> expected{tiled.tile(0).imguiId(), tiled.tile(1).imguiId(),
                                      tiled.tile(5).imguiId(), tiled.tile(6).imguiId()};
    EXPECT_EQ(textures, expected);
    ASSERT_EQ(dl->VtxBuffer.Size, 16);
    // The first tile's quad: image (0, 0) -> screen (10 + 50 - 32, 20 + 50 - 32), tinted.
    EXPECT_FLOAT_EQ(dl->VtxBuffer[0].pos.x, 28.0f);
    EXPECT_FLOAT_EQ(dl->VtxBuffer[0].pos.y, 38.0f);
    EXPECT_FLOAT_EQ(dl->VtxBuffer[2].pos.x, 92.0f);
    EXPECT_EQ(dl->VtxBuffer[0].col, 0x80FFFFFFu);
    ImGui::EndFrame();
    ImGui::DestroyContext();
}

}  // namespace
}  // namespace cicatrix::render
