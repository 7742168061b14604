// Tile geometry for overlays larger than one GL texture: the grid, which tiles a rectangle touches,
// and which tiles are on screen.
#include <gtest/gtest.h>

#include "render/tile_layout.hpp"

namespace cicatrix::render {
namespace {

TEST(TileLayout, CutsTheImageIntoTilesNoLargerThanTheMaximum) {
    const TileLayout layout({300, 200}, 64);
    EXPECT_EQ(layout.columns(), 5);
    EXPECT_EQ(layout.rows(), 4);
    ASSERT_EQ(layout.count(), 20);
    EXPECT_EQ(layout.tileRect(0), cv::Rect(0, 0, 64, 64));
    EXPECT_EQ(layout.tileRect(4), cv::Rect(256, 0, 44, 64));    // last column: the remainder
    EXPECT_EQ(layout.tileRect(19), cv::Rect(256, 192, 44, 8));  // last row too
    EXPECT_EQ(layout.tileRect(20), cv::Rect());
    // Tiles cover every pixel exactly once.
    cv::Mat coverage(200, 300, CV_32S, cv::Scalar(0));
    for (int i = 0; i < layout.count(); ++i) {
        const cv::Rect r = layout.tileRect(i);
        EXPECT_LE(r.width, 64);
        EXPECT_LE(r.height, 64);
        coverage(r) += 1;
    }
    double lo = 0, hi = 0;
    cv::minMaxLoc(coverage, &lo, &hi);
    EXPECT_EQ(lo, 1.0);
    EXPECT_EQ(hi, 1.0);
}

TEST(TileLayout, AnImageWithinTheMaximumIsOneTile) {
    const TileLayout layout({4000, 3000}, 16384);
    EXPECT_EQ(layout.count(), 1);
    EXPECT_EQ(layout.tileRect(0), cv::Rect(0, 0, 4000, 3000));
    const TileLayout exact({128, 64}, 64);
    EXPECT_EQ(exact.columns(), 2);
    EXPECT_EQ(exact.rows(), 1);
    EXPECT_EQ(TileLayout({0, 10}, 64).count(), 0);
}

TEST(TileLayout, FindsTheTilesARectangleTouches) {
    const TileLayout layout({300, 200}, 64);
    EXPECT_EQ(layout.tilesTouching({10, 10, 20, 20}), (std::vector<int>{0}));
    // Crossing a vertical and a horizontal border: four tiles.
    EXPECT_EQ(layout.tilesTouching({60, 60, 10, 10}), (std::vector<int>{0, 1, 5, 6}));
    // Ending exactly on a border does not touch the next tile.
    EXPECT_EQ(layout.tilesTouching({0, 0, 64, 64}), (std::vector<int>{0}));
    EXPECT_EQ(layout.tilesTouching({64, 0, 1, 1}), (std::vector<int>{1}));
    // Clipped to the image: a rectangle hanging off the bottom-right corner.
    EXPECT_EQ(layout.tilesTouching({260, 190, 500, 500}), (std::vector<int>{14, 19}));
    EXPECT_TRUE(layout.tilesTouching({300, 0, 10, 10}).empty());
    EXPECT_TRUE(layout.tilesTouching({-20, -20, 10, 10}).empty());
    EXPECT_TRUE(layout.tilesTouching({5, 5, 0, 5}).empty());
    EXPECT_EQ(layout.tilesTouching({0, 0, 300, 200}).size(), 20u);
}

TEST(TileLayout, VisibleTilesAreThoseOnScreenWithSharedEdges) {
    const TileLayout layout({300, 200}, 64);
    const Viewport viewport{{10, 20}, {100, 100}};
    // 1:1, image point (32, 32) at the viewport centre: image x in [-18, 82), y in [-18, 82).
    const ViewTransform view{1.0, {32.0, 32.0}, false};
    const auto quads = visibleTileQuads(layout, view, viewport, {300, 200});
    std::vector<int> tiles;
    for (const TileQuad& q : quads) tiles.push_back(q.tile);
    EXPECT_EQ(tiles, (std::vector<int>{0, 1, 5, 6}));
    ASSERT_EQ(quads.size(), 4u);
    EXPECT_DOUBLE_EQ(quads[0].min.x, 10 + 50 - 32);
    EXPECT_DOUBLE_EQ(quads[0].min.y, 20 + 50 - 32);
    EXPECT_DOUBLE_EQ(quads[0].max.x, quads[1].min.x);  // no gap, no overlap
    EXPECT_DOUBLE_EQ(quads[0].max.y, quads[2].min.y);
    EXPECT_DOUBLE_EQ(quads[1].max.x - quads[1].min.x, 64.0);
}

TEST(TileLayout, AStoredSmallerLayerIsStretchedOverThePhoto) {
    const TileLayout layout({150, 100}, 64);  // half-resolution layer over a 300x200 photo
    const Viewport viewport{{0, 0}, {300, 200}};
    const ViewTransform view = fitView({300, 200}, viewport);
    const auto quads = visibleTileQuads(layout, view, viewport, {300, 200});
    ASSERT_EQ(quads.size(), 6u);
    EXPECT_DOUBLE_EQ(quads[0].min.x, 0.0);
    EXPECT_DOUBLE_EQ(quads[0].max.x, 128.0);
    EXPECT_DOUBLE_EQ(quads.back().max.x, 300.0);
    EXPECT_DOUBLE_EQ(quads.back().max.y, 200.0);
    EXPECT_TRUE(visibleTileQuads(layout, panBy(view, {-400, 0}), viewport, {300, 200}).empty());
}

}  // namespace
}  // namespace cicatrix::render
