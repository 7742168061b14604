// Overlay layers at a long side of kOverlayLongSide: the stored mask resized, tissue classified
// inside it, contours drawn with a thickness that reads at fit-to-window zoom.
#include "workstation/gui/overlay_pixels.hpp"

#include <opencv2/imgproc.hpp>

#include "annotate/label_classes.hpp"
#include "library/photo_decoder.hpp"
#include "ml/tissue_composition.hpp"
#include "ml/wound_measurement.hpp"
#include "workstation/analysis/library_analysis.hpp"

namespace cicatrix::workstation {

namespace {
constexpr int kOverlayLongSide = 2048;  // overlays are smooth: no need for full resolution
}  // namespace

Result<OverlayPixels> makeOverlayPixels(const Library& library, const cv::Mat& photo, const Analysis& analysis) {
    auto mask = loadStoredMask(library, analysis.maskSha256);
    if (!mask) return std::unexpected(mask.error());
    const ml::WoundGeometry g = ml::measureWound(*mask, std::nullopt);
    const cv::Mat small = fitLongSide(photo, kOverlayLongSide);
    cv::Mat smallMask;
    cv::resize(*mask, smallMask, small.size(), 0, 0, cv::INTER_NEAREST);
    const cv::Mat labels = ml::classifyTissue(small, smallMask, ml::defaultTissueModel());
    OverlayPixels out;
    out.tissue = cv::Mat(small.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    for (const auto& c : annotate::tissueClasses()) {
        if (c.id == 0) continue;
        out.tissue.setTo(cv::Scalar(c.rgb[2], c.rgb[1], c.rgb[0], 255), labels == c.id);
    }
    out.wound = cv::Mat(small.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    out.wound.setTo(cv::Scalar(60, 220, 255, 255), smallMask);  // amber
    out.outline = cv::Mat(small.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(smallMask.clone(), contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    const int thickness = std::max(2, std::max(small.cols, small.rows) / 350);
    cv::drawContours(out.outline, contours, -1, cv::Scalar(60, 220, 255, 255), thickness, cv::LINE_AA);
    out.lengthA = {g.lengthA.x, g.lengthA.y};
    out.lengthB = {g.lengthB.x, g.lengthB.y};
    out.widthA = {g.widthA.x, g.widthA.y};
    out.widthB = {g.widthB.x, g.widthB.y};
    return out;
}

}  // namespace cicatrix::workstation
