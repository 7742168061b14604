// An image larger than one GL texture may be (GL_MAX_TEXTURE_SIZE) kept as a grid of Textures, e.g.
// a label overlay at a 12 MP photo's full resolution. Updates touch only the tiles a rectangle
// overlaps; drawing mirrors the viewer's AddImage of the photo, tile by tile. Main thread only.
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "render/texture.hpp"
#include "render/tile_layout.hpp"
#include "render/view_transform.hpp"

struct ImDrawList;

namespace cicatrix::render {

class TiledTexture {
  public:
    TiledTexture() = default;

    // Uploads `pixels` (CV_8UC4 RGBA or CV_8UC1 labels, as Texture::fromPixels) as tiles no larger
    // than maxTileSide; 0 (or anything above it) means GL_MAX_TEXTURE_SIZE. Invalid (no tiles) for
    // other types or an empty image.
    [[nodiscard]] static TiledTexture fromPixels(const cv::Mat& pixels,
                                                 const TextureOptions& options = kEditableLayer,
                                                 int maxTileSide = 0);

    [[nodiscard]] bool valid() const { return !m_tiles.empty(); }
    [[nodiscard]] int width() const { return m_layout.imageSize().width; }
    [[nodiscard]] int height() const { return m_layout.imageSize().height; }
    [[nodiscard]] cv::Size size() const { return m_layout.imageSize(); }
    [[nodiscard]] const TileLayout& layout() const { return m_layout; }
    [[nodiscard]] const Texture& tile(int index) const { return m_tiles.at(index); }
    [[nodiscard]] std::size_t bytes() const;

    // Refreshes `rect` from `source`, an image of the same size and type as the one uploaded (the
    // CPU copy being edited), uploading only the part of each overlapped tile inside `rect` and
    // straight from `source`'s memory. `rect` is clipped to the image. False when the types or
    // sizes do not match.
    bool update(const cv::Mat& source, cv::Rect rect);

    // Adds the visible tiles to `drawList` under the viewer's image -> screen transform, tinted by
    // `tint` (ImGui's IM_COL32 layout; white = as is). The texture covers `imageSize` image pixels;
    // {0, 0} means its own size (pass the photo's size for a layer stored smaller than the photo).
    // Clip to the viewport yourself (PushClipRect), as the viewer does for the photo.
    void draw(ImDrawList* drawList, const ViewTransform& view, const Viewport& viewport,
              std::uint32_t tint = 0xFFFFFFFFu, Vec2 imageSize = {}) const;

    // The same, but each texture pixel p (in `imageSize` units, {0, 0} = its own size) is drawn
    // where the homography `toImage` puts it in the viewer's image: the photo of another visit
    // drawn aligned over this one. Each tile is cut into cells x cells quads whose corners are
    // mapped exactly (projective inside a cell is approximated by two triangles).
    void drawMapped(ImDrawList* drawList, const cv::Matx33d& toImage, const ViewTransform& view,
                    const Viewport& viewport, std::uint32_t tint = 0xFFFFFFFFu, Vec2 imageSize = {},
                    int cells = 12) const;

  private:
    TileLayout m_layout;
    std::vector<Texture> m_tiles;  // row-major, as m_layout
};

}  // namespace cicatrix::render
