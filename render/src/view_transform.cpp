// View maths: screen = origin + size/2 + (image - center) * scale.
#include "render/view_transform.hpp"

#include <algorithm>

namespace cicatrix::render {

ViewTransform fitView(Vec2 imageSize, const Viewport& viewport) {
    ViewTransform v;
    if (imageSize.x <= 0 || imageSize.y <= 0 || viewport.size.x <= 0 || viewport.size.y <= 0) {
        return v;
    }
    v.scale = std::clamp(std::min(viewport.size.x / imageSize.x, viewport.size.y / imageSize.y),
                         ViewTransform::kMinScale, ViewTransform::kMaxScale);
    v.center = {imageSize.x / 2.0, imageSize.y / 2.0};
    v.fitMode = true;
    return v;
}

ViewTransform actualPixels(Vec2 imageSize) {
    return ViewTransform{1.0, {imageSize.x / 2.0, imageSize.y / 2.0}, false};
}

Vec2 imageToScreen(const ViewTransform& view, const Viewport& viewport, Vec2 image) {
    return {viewport.origin.x + viewport.size.x / 2.0 + (image.x - view.center.x) * view.scale,
            viewport.origin.y + viewport.size.y / 2.0 + (image.y - view.center.y) * view.scale};
}

Vec2 screenToImage(const ViewTransform& view, const Viewport& viewport, Vec2 screen) {
    return {view.center.x + (screen.x - viewport.origin.x - viewport.size.x / 2.0) / view.scale,
            view.center.y + (screen.y - viewport.origin.y - viewport.size.y / 2.0) / view.scale};
}

ViewTransform zoomAbout(const ViewTransform& view, const Viewport& viewport, Vec2 screen,
                        double factor) {
    const Vec2 anchor = screenToImage(view, viewport, screen);
    ViewTransform out = view;
    out.fitMode = false;
    out.scale = std::clamp(view.scale * factor, ViewTransform::kMinScale, ViewTransform::kMaxScale);
    // Keep `anchor` under `screen`: center = anchor - (screen - viewportCentre) / scale.
    out.center = {anchor.x - (screen.x - viewport.origin.x - viewport.size.x / 2.0) / out.scale,
                  anchor.y - (screen.y - viewport.origin.y - viewport.size.y / 2.0) / out.scale};
    return out;
}

ViewTransform panBy(const ViewTransform& view, Vec2 screenDelta) {
    ViewTransform out = view;
    out.fitMode = false;
    out.center = {view.center.x - screenDelta.x / view.scale,
                  view.center.y - screenDelta.y / view.scale};
    return out;
}

}  // namespace cicatrix::render
