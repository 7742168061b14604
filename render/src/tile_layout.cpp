// Tile grid arithmetic: tile (c, r) covers [c*side, min((c+1)*side, width)) x the same for rows.
#include "render/tile_layout.hpp"

#include <algorithm>

namespace cicatrix::render {

TileLayout::TileLayout(cv::Size image, int maxTileSide)
    : m_image(std::max(image.width, 0), std::max(image.height, 0)),
      m_side(std::max(maxTileSide, 1)) {
    if (m_image.width > 0 && m_image.height > 0) {
        m_columns = (m_image.width + m_side - 1) / m_side;
        m_rows = (m_image.height + m_side - 1) / m_side;
    }
}

cv::Rect TileLayout::tileRect(int index) const {
    if (index < 0 || index >= count()) {
        return {};
    }
    const int x = (index % m_columns) * m_side;
    const int y = (index / m_columns) * m_side;
    return {x, y, std::min(m_side, m_image.width - x), std::min(m_side, m_image.height - y)};
}

std::vector<int> TileLayout::tilesTouching(cv::Rect rect) const {
    rect &= cv::Rect(0, 0, m_image.width, m_image.height);
    std::vector<int> out;
    if (rect.empty()) {
        return out;
    }
    const int c0 = rect.x / m_side, c1 = (rect.x + rect.width - 1) / m_side;
    const int r0 = rect.y / m_side, r1 = (rect.y + rect.height - 1) / m_side;
    out.reserve(static_cast<std::size_t>((c1 - c0 + 1) * (r1 - r0 + 1)));
    for (int r = r0; r <= r1; ++r) {
        for (int c = c0; c <= c1; ++c) {
            out.push_back(r * m_columns + c);
        }
    }
    return out;
}

std::vector<TileQuad> visibleTileQuads(const TileLayout& layout, const ViewTransform& view,
                                       const Viewport& viewport, Vec2 imageSize) {
    std::vector<TileQuad> out;
    const cv::Size size = layout.imageSize();
    if (layout.count() == 0 || imageSize.x <= 0 || imageSize.y <= 0) {
        return out;
    }
    const double sx = imageSize.x / size.width, sy = imageSize.y / size.height;
    const double left = viewport.origin.x, top = viewport.origin.y;
    const double right = left + viewport.size.x, bottom = top + viewport.size.y;
    for (int i = 0; i < layout.count(); ++i) {
        const cv::Rect r = layout.tileRect(i);
        // Each edge is mapped from its own image coordinate, so shared edges map identically.
        const Vec2 a = imageToScreen(view, viewport, {r.x * sx, r.y * sy});
        const Vec2 b = imageToScreen(view, viewport, {(r.x + r.width) * sx, (r.y + r.height) * sy});
        if (b.x <= left || a.x >= right || b.y <= top || a.y >= bottom) {
            continue;
        }
        out.push_back({i, a, b});
    }
    return out;
}

}  // namespace cicatrix::render
