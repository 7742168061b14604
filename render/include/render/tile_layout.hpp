// How an image too large for one GL texture is cut into tiles: a row-major grid of tiles no larger
// than a maximum side (the last column and row take the remainder), which tiles a rectangle
// touches, and where the visible tiles land on screen. Pure value maths with no GL; thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

#include "render/view_transform.hpp"

namespace cicatrix::render {

class TileLayout {
  public:
    TileLayout() = default;
    // maxTileSide below 1 is taken as 1.
    TileLayout(cv::Size image, int maxTileSide);

    [[nodiscard]] cv::Size imageSize() const { return m_image; }
    [[nodiscard]] int tileSide() const { return m_side; }
    [[nodiscard]] int columns() const { return m_columns; }
    [[nodiscard]] int rows() const { return m_rows; }
    [[nodiscard]] int count() const { return m_columns * m_rows; }

    // Image pixels covered by tile `index` (row-major: index = row * columns + column).
    [[nodiscard]] cv::Rect tileRect(int index) const;
    // Indices of the tiles that `rect` (image pixels) overlaps, row-major; empty when it misses the
    // image or is empty.
    [[nodiscard]] std::vector<int> tilesTouching(cv::Rect rect) const;

  private:
    cv::Size m_image;
    int m_side = 1;
    int m_columns = 0;
    int m_rows = 0;
};

// A tile's corners on screen.
struct TileQuad {
    int tile = 0;
    Vec2 min;  // top-left, screen pixels
    Vec2 max;  // bottom-right
};

// The tiles whose screen rectangle overlaps the viewport, for the viewer's image -> screen
// transform. The tiled image is drawn over `imageSize` image pixels (normally the layout's own
// size; a downscaled layer stretched over a full-resolution photo passes the photo's size).
// Neighbouring tiles share their screen edges exactly, so no seam or gap opens between them.
[[nodiscard]] std::vector<TileQuad> visibleTileQuads(const TileLayout& layout,
                                                     const ViewTransform& view,
                                                     const Viewport& viewport, Vec2 imageSize);

}  // namespace cicatrix::render
