// Polygon fill and cut: the polygon rasterised by cv::fillPoly into a mask of its bounding box.
// Main thread only.
#include "annotate/polygon_tools.hpp"

#include <opencv2/imgproc.hpp>
#include <vector>

namespace cicatrix::annotate {

namespace {
LabelEdit fill(cv::Mat& labels, std::span<const cv::Point> points, const PaintOptions& options,
               std::string name) {
    if (points.size() < 3)
        return LabelEdit{std::move(name), {}, {}, {}};
    const std::vector<cv::Point> polygon(points.begin(), points.end());
    const cv::Rect box = cv::boundingRect(polygon) & cv::Rect(0, 0, labels.cols, labels.rows);
    if (box.empty())
        return LabelEdit{std::move(name), {}, {}, {}};
    cv::Mat mask = cv::Mat::zeros(box.size(), CV_8UC1);
    const std::vector<std::vector<cv::Point>> contours{polygon};
    cv::fillPoly(mask, contours, cv::Scalar(255), cv::LINE_8, 0, -box.tl());
    return paintMask(labels, box, mask, paintValue(options), options, std::move(name));
}
}  // namespace

LabelEdit polygonFill(cv::Mat& labels, std::span<const cv::Point> points,
                      const PaintOptions& options) {
    return fill(labels, points, options, options.erase ? "Polygon cut" : "Polygon fill");
}

LabelEdit polygonCut(cv::Mat& labels, std::span<const cv::Point> points,
                     const PaintOptions& options) {
    PaintOptions cut = options;
    cut.erase = true;
    return fill(labels, points, cut, "Polygon cut");
}

}  // namespace cicatrix::annotate
