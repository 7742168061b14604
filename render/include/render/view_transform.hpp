// The photo viewer's mapping between image pixels and screen pixels: fit, 1:1, zoom about a
// screen point (the point under the cursor stays put), pan. Pure value maths; thread-safe.
#pragma once

namespace cicatrix::render {

struct Vec2 {
    double x = 0.0;
    double y = 0.0;
};

struct Viewport {
    Vec2 origin;  // top-left, screen pixels
    Vec2 size;
};

struct ViewTransform {
    double scale = 1.0;   // screen pixels per image pixel
    Vec2 center;          // image point shown at the viewport's centre
    bool fitMode = true;  // follow the viewport when it resizes

    static constexpr double kMinScale = 1.0 / 64.0;
    static constexpr double kMaxScale = 32.0;
};

[[nodiscard]] ViewTransform fitView(Vec2 imageSize, const Viewport& viewport);
[[nodiscard]] ViewTransform actualPixels(Vec2 imageSize);  // 1:1, centred
[[nodiscard]] Vec2 imageToScreen(const ViewTransform& view, const Viewport& viewport, Vec2 image);
[[nodiscard]] Vec2 screenToImage(const ViewTransform& view, const Viewport& viewport, Vec2 screen);
[[nodiscard]] ViewTransform zoomAbout(const ViewTransform& view, const Viewport& viewport,
                                      Vec2 screen, double factor);
[[nodiscard]] ViewTransform panBy(const ViewTransform& view, Vec2 screenDelta);

}  // namespace cicatrix::render
