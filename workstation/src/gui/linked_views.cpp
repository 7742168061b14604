// Linked views: the source centre mapped through the target->source homography, the scale
// divided by the homography's local scale there (or the relative-position rule when unregistered).
#include "workstation/gui/linked_views.hpp"

#include <algorithm>
#include <cmath>

namespace cicatrix::workstation {

namespace {
bool isIdentity(const cv::Matx33d& h) {
    if (std::abs(h(2, 2)) < 1e-12)
        return false;
    const cv::Matx33d n = h * (1.0 / h(2, 2));
    return cv::norm(n - cv::Matx33d::eye(), cv::NORM_INF) < 1e-9;
}

bool sameSize(render::Vec2 a, render::Vec2 b) {
    return std::abs(a.x - b.x) < 0.5 && std::abs(a.y - b.y) < 0.5;
}

double clampScale(double scale) {
    return std::clamp(scale, render::ViewTransform::kMinScale, render::ViewTransform::kMaxScale);
}
}  // namespace

double localScale(const cv::Matx33d& h, render::Vec2 at) {
    const double w = h(2, 0) * at.x + h(2, 1) * at.y + h(2, 2);
    const double det = cv::determinant(h);
    if (std::abs(w) < 1e-12 || !std::isfinite(det))
        return 0.0;
    return std::sqrt(std::abs(det) / std::pow(std::abs(w), 3));
}

render::ViewTransform linkedView(const render::ViewTransform& source, render::Vec2 sourceSize,
                                 render::Vec2 targetSize, const cv::Matx33d& targetToSource) {
    render::ViewTransform out = source;
    out.fitMode = false;
    const bool usable =
        sourceSize.x > 0 && sourceSize.y > 0 && targetSize.x > 0 && targetSize.y > 0;
    if (!usable)
        return out;
    if (isIdentity(targetToSource) && !sameSize(sourceSize, targetSize)) {
        out.center = {source.center.x / sourceSize.x * targetSize.x,
                      source.center.y / sourceSize.y * targetSize.y};
        out.scale = clampScale(source.scale * sourceSize.x / targetSize.x);
        return out;
    }
    const cv::Vec3d c = targetToSource.inv() * cv::Vec3d(source.center.x, source.center.y, 1.0);
    if (std::abs(c[2]) < 1e-12)
        return out;
    out.center = {c[0] / c[2], c[1] / c[2]};
    const double k = localScale(targetToSource, out.center);
    if (k > 0.0 && std::isfinite(k))
        out.scale = clampScale(source.scale * k);
    return out;
}

std::vector<render::ViewTransform> fitAll(std::span<const render::Vec2> imageSizes,
                                          std::span<const render::Viewport> viewports) {
    std::vector<render::ViewTransform> out;
    const std::size_t n = std::min(imageSizes.size(), viewports.size());
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(render::fitView(imageSizes[i], viewports[i]));
    return out;
}

std::vector<render::ViewTransform> actualPixelsAll(std::span<const render::Vec2> imageSizes) {
    std::vector<render::ViewTransform> out;
    out.reserve(imageSizes.size());
    for (const render::Vec2 size : imageSizes) out.push_back(render::actualPixels(size));
    return out;
}

}  // namespace cicatrix::workstation
