// Tiles are ROIs of the source uploaded with Texture::fromPixels; updates are clipped per tile and
// sent with Texture::update from the full source's memory.
#include "render/tiled_texture.hpp"

#include <imgui.h>

#include <algorithm>
#include <optional>

namespace cicatrix::render {

TiledTexture TiledTexture::fromPixels(const cv::Mat& pixels, const TextureOptions& options,
                                      int maxTileSide) {
    TiledTexture out;
    if (pixels.empty() || (pixels.type() != CV_8UC4 && pixels.type() != CV_8UC1)) {
        return out;
    }
    const int limit = maxTextureSize();
    const int side = maxTileSide <= 0 || (limit > 0 && maxTileSide > limit) ? limit : maxTileSide;
    if (side <= 0) {
        return out;  // no GL context
    }
    TileLayout layout(pixels.size(), side);
    std::vector<Texture> tiles;
    tiles.reserve(static_cast<std::size_t>(layout.count()));
    for (int i = 0; i < layout.count(); ++i) {
        Texture tile = Texture::fromPixels(pixels(layout.tileRect(i)), options);
        if (!tile.valid()) {
            return out;
        }
        tiles.push_back(std::move(tile));
    }
    out.m_layout = layout;
    out.m_tiles = std::move(tiles);
    return out;
}

std::size_t TiledTexture::bytes() const {
    std::size_t total = 0;
    for (const Texture& t : m_tiles) {
        total += t.bytes();
    }
    return total;
}

bool TiledTexture::update(const cv::Mat& source, cv::Rect rect) {
    if (!valid() || source.size() != size()) {
        return false;
    }
    const int type = m_tiles.front().format() == TextureFormat::R8 ? CV_8UC1 : CV_8UC4;
    if (source.type() != type) {
        return false;
    }
    bool ok = true;
    for (const int index : m_layout.tilesTouching(rect)) {
        const cv::Rect tileRect = m_layout.tileRect(index);
        const cv::Rect part = rect & tileRect;
        ok = m_tiles[static_cast<std::size_t>(index)].update(source, part,
                                                             part.tl() - tileRect.tl()) &&
             ok;
    }
    return ok;
}

void TiledTexture::draw(ImDrawList* drawList, const ViewTransform& view, const Viewport& viewport,
                        std::uint32_t tint, Vec2 imageSize) const {
    if (drawList == nullptr || !valid()) {
        return;
    }
    if (imageSize.x <= 0 || imageSize.y <= 0) {
        imageSize = {static_cast<double>(width()), static_cast<double>(height())};
    }
    for (const TileQuad& q : visibleTileQuads(m_layout, view, viewport, imageSize)) {
        drawList->AddImage(m_tiles[static_cast<std::size_t>(q.tile)].imguiId(),
                           ImVec2(static_cast<float>(q.min.x), static_cast<float>(q.min.y)),
                           ImVec2(static_cast<float>(q.max.x), static_cast<float>(q.max.y)),
                           ImVec2(0, 0), ImVec2(1, 1), tint);
    }
}

void TiledTexture::drawMapped(ImDrawList* drawList, const cv::Matx33d& toImage,
                              const ViewTransform& view, const Viewport& viewport,
                              std::uint32_t tint, Vec2 imageSize, int cells) const {
    if (drawList == nullptr || !valid() || cells < 1) {
        return;
    }
    if (imageSize.x <= 0 || imageSize.y <= 0) {
        imageSize = {static_cast<double>(width()), static_cast<double>(height())};
    }
    const double sx = imageSize.x / width(), sy = imageSize.y / height();
    const auto toScreen = [&](double x, double y) -> std::optional<ImVec2> {
        const cv::Vec3d p = toImage * cv::Vec3d(x * sx, y * sy, 1.0);
        if (p[2] <= 1e-9) {
            return std::nullopt;  // behind the camera: a degenerate alignment
        }
        const Vec2 s = imageToScreen(view, viewport, {p[0] / p[2], p[1] / p[2]});
        return ImVec2(static_cast<float>(s.x), static_cast<float>(s.y));
    };
    for (std::size_t t = 0; t < m_tiles.size(); ++t) {
        const cv::Rect r = m_layout.tileRect(static_cast<int>(t));
        const ImTextureID id = m_tiles[t].imguiId();
        for (int j = 0; j < cells; ++j) {
            for (int i = 0; i < cells; ++i) {
                const double u0 = static_cast<double>(i) / cells,
                             u1 = static_cast<double>(i + 1) / cells;
                const double v0 = static_cast<double>(j) / cells,
                             v1 = static_cast<double>(j + 1) / cells;
                const auto a = toScreen(r.x + u0 * r.width, r.y + v0 * r.height);
                const auto b = toScreen(r.x + u1 * r.width, r.y + v0 * r.height);
                const auto c = toScreen(r.x + u1 * r.width, r.y + v1 * r.height);
                const auto d = toScreen(r.x + u0 * r.width, r.y + v1 * r.height);
                if (!a || !b || !c || !d) {
                    continue;
                }
                drawList->AddImageQuad(
                    id, *a, *b, *c, *d, ImVec2(static_cast<float>(u0), static_cast<float>(v0)),
                    ImVec2(static_cast<float>(u1), static_cast<float>(v0)),
                    ImVec2(static_cast<float>(u1), static_cast<float>(v1)),
                    ImVec2(static_cast<float>(u0), static_cast<float>(v1)), tint);
            }
        }
    }
}

}  // namespace cicatrix::render
