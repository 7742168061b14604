// Flood fill over photo colour with cv::floodFill (fixed range, mask only); protected label pixels
// are walls in its mask. Main thread only.
#include "annotate/flood_fill.hpp"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cicatrix::annotate {

LabelEdit floodFill(cv::Mat& labels, const cv::Mat& photo, cv::Point seed, double colourTolerance,
                    const PaintOptions& options) {
    LabelEdit none{"Flood fill", {}, {}, {}};
    CV_Assert(labels.type() == CV_8UC1 && photo.type() == CV_8UC3 && photo.size() == labels.size());
    if (!cv::Rect(0, 0, labels.cols, labels.rows).contains(seed) ||
        !canChange(labels.at<std::uint8_t>(seed), options))
        return none;

    // Walls (1) where the options forbid a change; the fill marks its region with 2.
    const auto table = changeTable(options);
    cv::Mat blocked(1, 256, CV_8UC1);
    for (int v = 0; v < 256; ++v)
        blocked.at<std::uint8_t>(v) = table[static_cast<std::size_t>(v)] ? 0 : 1;
    cv::Mat mask = cv::Mat::zeros(labels.rows + 2, labels.cols + 2, CV_8UC1);
    cv::Mat inner = mask(cv::Rect(1, 1, labels.cols, labels.rows));
    cv::LUT(labels, blocked, inner);

    const double tol = std::clamp(colourTolerance, 0.0, 255.0);
    cv::Rect region;
    cv::Mat image = photo;  // not written: FLOODFILL_MASK_ONLY
    cv::floodFill(image, mask, seed, cv::Scalar(), &region, cv::Scalar::all(tol),
                  cv::Scalar::all(tol),
                  4 | cv::FLOODFILL_FIXED_RANGE | cv::FLOODFILL_MASK_ONLY | (2 << 8));
    if (region.empty())
        return none;
    cv::Mat fill;
    cv::compare(mask(region + cv::Point(1, 1)), 2, fill, cv::CMP_EQ);
    return paintMask(labels, region, fill, paintValue(options), options, std::move(none.name));
}

}  // namespace cicatrix::annotate
