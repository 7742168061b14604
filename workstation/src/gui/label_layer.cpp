// Class colours from annotate's table; sub-rectangle uploads through render::TiledTexture.
#include "workstation/gui/label_layer.hpp"

#include <imgui.h>

#include <algorithm>

#include "annotate/label_classes.hpp"
#include "render/pixel_convert.hpp"

namespace cicatrix::workstation {

namespace {
const render::LabelPalette& palette() {
    static const render::LabelPalette kPalette = [] {
        render::LabelPalette p(256, cv::Vec4b(0, 0, 0, 0));
        for (const annotate::LabelClass& c : annotate::labelClasses()) {
            if (c.id == annotate::kBackgroundLabel)
                continue;
            // Necrosis is near-black in the class table: lifted so it reads over a dark wound.
            const auto rgb = annotate::rgbOnDark(c.id);
            p[c.id] = cv::Vec4b(rgb[0], rgb[1], rgb[2], 255);
        }
        return p;
    }();
    return kPalette;
}
}  // namespace

cv::Mat LabelLayer::colourize(const cv::Mat& labels) {
    cv::Mat rgba;
    render::colourizeLabels(labels, palette(), cv::Rect({0, 0}, labels.size()), rgba);
    return rgba;
}

void LabelLayer::reset(cv::Mat rgba) {
    m_rgba = std::move(rgba);
    m_texture = render::TiledTexture::fromPixels(m_rgba, render::kLabelMap);
}

void LabelLayer::clear() {
    m_texture = {};
    m_rgba.release();
}

std::int64_t LabelLayer::update(const cv::Mat& labels, cv::Rect rect) {
    rect &= cv::Rect({0, 0}, m_rgba.size());
    if (rect.empty() || labels.size() != m_rgba.size())
        return 0;
    render::colourizeLabels(labels, palette(), rect, m_rgba);
    m_texture.update(m_rgba, rect);
    return rect.area();
}

void LabelLayer::draw(ImDrawList* drawList, const CanvasView& canvas, float opacity) const {
    if (!valid())
        return;
    const int alpha = std::clamp(static_cast<int>(opacity * 255.0f), 0, 255);
    m_texture.draw(drawList, canvas.view, canvas.viewport, IM_COL32(255, 255, 255, alpha),
                   {static_cast<double>(m_rgba.cols), static_cast<double>(m_rgba.rows)});
}

}  // namespace cicatrix::workstation
