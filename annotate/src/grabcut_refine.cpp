// GrabCut refinement: the GrabCut mask is built on a crop around the box or scribbles, the photo
// crop downscaled when large, and the object/background result painted back inside the box.
// Thread rule: see grabcut_refine.hpp.
#include "annotate/grabcut_refine.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cicatrix::annotate {

namespace {
constexpr double kMaxGrabCutPixels = 1.0e6;

cv::Rect expand(const cv::Rect& r, int by, const cv::Rect& bounds) {
    return cv::Rect(r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by) & bounds;
}

cv::Rect scribbleBox(const GrabCutInput& in) {
    cv::Rect box;
    const int r = std::max(0, in.scribbleRadius);
    for (const auto* points : {&in.foreground, &in.background}) {
        for (const cv::Point& p : *points) box |= cv::Rect(p.x - r, p.y - r, 2 * r + 1, 2 * r + 1);
    }
    return box;
}
}  // namespace

std::expected<LabelEdit, ToolError> grabCutRefine(cv::Mat& labels, const cv::Mat& photo,
                                                  const GrabCutInput& input,
                                                  const PaintOptions& options) {
    CV_Assert(labels.type() == CV_8UC1 && photo.type() == CV_8UC3 && photo.size() == labels.size());
    const cv::Rect bounds(0, 0, labels.cols, labels.rows);
    const cv::Rect box = input.box & bounds;
    const cv::Rect scribbles = scribbleBox(input) & bounds;
    if (box.empty() && scribbles.empty())
        return std::unexpected(ToolError{"GrabCut needs a box or scribbles inside the photo"});

    // The painted region: the box, or (scribbles alone) the scribbles with a margin. The crop
    // GrabCut sees adds a margin of sure background around a box for its colour model.
    const cv::Rect seedRect = box.empty() ? scribbles : box;
    const int margin = std::max(16, std::max(seedRect.width, seedRect.height) / 8);
    const cv::Rect region = box.empty() ? expand(scribbles, margin, bounds) : box;
    const cv::Rect crop = box.empty() ? region : expand(box, margin, bounds);

    cv::Mat gc(crop.size(), CV_8UC1);
    if (!box.empty()) {
        gc.setTo(cv::GC_BGD);
        gc(box - crop.tl()).setTo(cv::GC_PR_FGD);
    } else {
        gc.setTo(cv::GC_PR_BGD);
        gc.setTo(cv::GC_PR_FGD, labels(crop) == options.classId);
    }
    const int radius = std::max(0, input.scribbleRadius);
    for (const cv::Point& p : input.foreground)
        cv::circle(gc, p - crop.tl(), radius, cv::GC_FGD, cv::FILLED);
    for (const cv::Point& p : input.background)
        cv::circle(gc, p - crop.tl(), radius, cv::GC_BGD, cv::FILLED);
    cv::Mat objectLike;
    cv::bitwise_and(gc, 1, objectLike);  // GC_FGD (1) and GC_PR_FGD (3) have bit 0
    const int objectPixels = cv::countNonZero(objectLike);
    if (objectPixels == 0 || objectPixels == static_cast<int>(gc.total()))
        return std::unexpected(ToolError{"GrabCut needs both object and background in its crop"});

    const double scale = std::min(1.0, std::sqrt(kMaxGrabCutPixels / crop.area()));
    cv::Mat image = photo(crop);
    cv::Mat work = gc;
    if (scale < 1.0) {
        cv::resize(image, image, cv::Size(), scale, scale, cv::INTER_AREA);
        cv::resize(gc, work, image.size(), 0, 0, cv::INTER_NEAREST);
    }
    try {
        cv::Mat bgdModel;
        cv::Mat fgdModel;
        cv::grabCut(image, work, cv::Rect(), bgdModel, fgdModel, std::max(1, input.iterations),
                    cv::GC_INIT_WITH_MASK);
    } catch (const cv::Exception& e) {
        return std::unexpected(ToolError{std::string("GrabCut failed: ") + e.what()});
    }
    cv::Mat object;
    cv::bitwise_and(work, 1, object);
    object *= 255;
    if (scale < 1.0) {
        cv::resize(object, object, crop.size(), 0, 0, cv::INTER_LINEAR);
        cv::threshold(object, object, 127, 255, cv::THRESH_BINARY);
    }

    // Object → classId, background → 0, inside the region only, as the options allow.
    const cv::Mat inRegion = object(region - crop.tl());
    cv::Mat target = labels(region);
    const cv::Mat before = target.clone();
    const auto table = changeTable(options);
    for (int y = 0; y < target.rows; ++y) {
        auto* row = target.ptr<std::uint8_t>(y);
        const auto* o = inRegion.ptr<std::uint8_t>(y);
        for (int x = 0; x < target.cols; ++x) {
            if (table[row[x]])
                row[x] = o[x] ? options.classId : kBackgroundLabel;
        }
    }
    return localEdit("GrabCut", before, target, region.tl());
}

}  // namespace cicatrix::annotate
