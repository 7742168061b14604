// Stored mask and tissue labels read back from the content store; colours from annotate's class
// table; contours by OpenCV.
#include "workstation/gui/overlay_pixels.hpp"

#include <opencv2/imgproc.hpp>

#include "annotate/label_classes.hpp"
#include "ml/tissue_composition.hpp"
#include "ml/wound_measurement.hpp"
#include "render/pixel_convert.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/analysis/photo_analysis.hpp"

namespace cicatrix::workstation {

namespace {
constexpr std::uint8_t kTissueAlpha = 255;  // the viewport's opacity is applied when drawing
}  // namespace

Outline maskOutline(const cv::Mat& mask) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask.clone(), contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    Outline out;
    for (const auto& contour : contours) {
        std::vector<cv::Point> simple;
        cv::approxPolyDP(contour, simple, 0.5, true);
        std::vector<render::Vec2>& polygon = out.emplace_back();
        // Pixel centres: a pixel (x, y) covers [x, x+1), so its outline runs through x + 0.5.
        for (const cv::Point& p : simple) polygon.push_back({p.x + 0.5, p.y + 0.5});
    }
    return out;
}

Result<OverlayPixels> makeOverlayPixels(const Library& library, const Photo& photo,
                                        const Analysis& analysis, DecodedPhotos& decoded) {
    const cv::Size size(photo.width, photo.height);
    auto mask = loadStoredMask(library, analysis.maskSha256);
    if (!mask)
        return std::unexpected(mask.error());
    if (mask->size() != size) {
        return fail(ErrorCode::Corrupt, "stored mask does not match the photo's size");
    }
    OverlayPixels out;
    cv::Mat labels;
    if (analysis.tissueSha256) {
        auto stored = loadStoredMask(library, *analysis.tissueSha256);
        if (!stored)
            return std::unexpected(stored.error());
        if (stored->size() != size) {
            return fail(ErrorCode::Corrupt, "stored tissue map does not match the photo's size");
        }
        labels = *stored;
    } else {
        auto pixels = decoded.get(photo);
        if (!pixels)
            return std::unexpected(pixels.error());
        labels = ml::classifyTissue(**pixels, *mask, ml::defaultTissueModel());
        out.tissueRecomputed = true;
    }
    render::LabelPalette palette(256, cv::Vec4b(0, 0, 0, 0));
    for (const auto& c : annotate::tissueClasses()) {
        if (c.id != 0 && c.id != annotate::kIgnoreLabel)
            palette[c.id] = cv::Vec4b(c.rgb[0], c.rgb[1], c.rgb[2], kTissueAlpha);
    }
    render::colourizeLabels(labels, palette, cv::Rect({0, 0}, labels.size()), out.tissueRgba);
    out.woundMask = *mask;
    out.outline = maskOutline(*mask);
    out.length = analysis.lengthSegment;
    out.width = analysis.widthSegment;
    if (!out.length && analysis.calibrationSource == "none") {
        std::tie(out.length, out.width) = drawnSegments(ml::measureWound(*mask, std::nullopt));
    }
    return out;
}

}  // namespace cicatrix::workstation
