// The label map drawn over the photo: class ids coloured (labelClasses() colours, background
// transparent) into an RGBA copy at full resolution, tiled on the GPU. After an edit only the
// edited rectangle is recoloured and uploaded (Texture::update), so a brush on a 12 MP photo
// costs what the brush covers. colourize() is thread-safe (run it in the job that opens a label);
// the rest is main thread only.
#pragma once

#include <opencv2/core/mat.hpp>

#include <array>
#include <cstdint>

#include "render/tiled_texture.hpp"
#include "workstation/gui/canvas_tool.hpp"

namespace cicatrix::workstation {

class LabelLayer {
  public:
    // The whole map as RGBA (CV_8UC4). Thread-safe.
    [[nodiscard]] static cv::Mat colourize(const cv::Mat& labels);

    // Takes `rgba` (from colourize) as the CPU copy and uploads it.
    void reset(cv::Mat rgba);
    void clear();
    // Recolours labels(rect) and uploads that rectangle only; returns the pixels uploaded.
    std::int64_t update(const cv::Mat& labels, cv::Rect rect);
    // Draws the layer under the canvas' transform at `opacity` (0..1).
    void draw(ImDrawList* drawList, const CanvasView& canvas, float opacity) const;

    [[nodiscard]] bool valid() const { return m_texture.valid(); }
    [[nodiscard]] cv::Size size() const { return m_rgba.size(); }

  private:
    cv::Mat m_rgba;
    render::TiledTexture m_texture;
};

}  // namespace cicatrix::workstation
