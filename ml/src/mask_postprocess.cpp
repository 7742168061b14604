// Connected components (8-connected for the wound, 4-connected for holes); border band by a
// morphological gradient.
#include "ml/mask_postprocess.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace cicatrix::ml {

namespace {

// Which islands (labels 1..n-1) the model is sure of somewhere: peak logit at or above the
// threshold's. When none is, the surest of the islands that are not specks (at least
// minIslandPixels and minIslandFractionOfLargest of the largest island). All without logits.
std::vector<bool> supportedIslands(const cv::Mat& labels, const cv::Mat& stats, int n,
                                   const cv::Mat& logits, const PostprocessOptions& options) {
    std::vector<bool> supported(static_cast<std::size_t>(n), true);
    supported[0] = false;
    if (logits.empty() || n <= 1)
        return supported;
    CV_Assert(logits.type() == CV_32F && logits.size() == labels.size());
    std::vector<float> peak(static_cast<std::size_t>(n), -std::numeric_limits<float>::infinity());
    // Each island's first pixel in raster order: ties between equal peaks are broken by position,
    // not by OpenCV's label numbering, which depends on where the image starts (so the same
    // islands in a cropped image keep the same one).
    std::vector<cv::Point> first(static_cast<std::size_t>(n), cv::Point(-1, -1));
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        const float* v = logits.ptr<float>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] != 0) {
                const auto i = static_cast<std::size_t>(l[x]);
                peak[i] = std::max(peak[i], v[x]);
                if (first[i].x < 0)
                    first[i] = {x, y};
            }
    }
    const double threshold = logitOf(options.minPeakProbability);
    bool any = false;
    int largest = 0;
    for (int i = 1; i < n; ++i) {
        supported[static_cast<std::size_t>(i)] = peak[static_cast<std::size_t>(i)] >= threshold;
        any = any || supported[static_cast<std::size_t>(i)];
        largest = std::max(largest, stats.at<int>(i, cv::CC_STAT_AREA));
    }
    if (any)
        return supported;
    const double notSpeck =
        std::max<double>(options.minIslandPixels, options.minIslandFractionOfLargest * largest);
    const auto surer = [&](int a, int b) {  // island a before island b
        const auto ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
        if (peak[ia] != peak[ib])
            return peak[ia] > peak[ib];
        return std::pair(first[ia].y, first[ia].x) < std::pair(first[ib].y, first[ib].x);
    };
    int best = 0;
    for (int i = 1; i < n; ++i)
        if (stats.at<int>(i, cv::CC_STAT_AREA) >= notSpeck && (best == 0 || surer(i, best)))
            best = i;
    supported[static_cast<std::size_t>(best)] = best != 0;
    return supported;
}

}  // namespace

double logitOf(double p) {
    const double q = std::clamp(p, 1e-6, 1.0 - 1e-6);
    return std::log(q / (1.0 - q));
}

cv::Mat postprocessMask(const cv::Mat& mask, const PostprocessOptions& options,
                        const cv::Mat& logits) {
    cv::Mat binary = mask > 0;
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(binary, labels, stats, centroids, 8, CV_32S);
    const std::vector<bool> supported = supportedIslands(labels, stats, n, logits, options);
    int largest = 0;
    for (int i = 1; i < n; ++i)
        if (supported[static_cast<std::size_t>(i)])
            largest = std::max(largest, stats.at<int>(i, cv::CC_STAT_AREA));
    const int keepAbove = std::max(options.minIslandPixels,
                                   static_cast<int>(options.minIslandFractionOfLargest * largest));
    std::vector<std::uint8_t> keep(static_cast<std::size_t>(n), 0);
    long woundArea = 0;
    for (int i = 1; i < n; ++i) {
        if (supported[static_cast<std::size_t>(i)] &&
            stats.at<int>(i, cv::CC_STAT_AREA) >= keepAbove) {
            keep[static_cast<std::size_t>(i)] = 255;
            woundArea += stats.at<int>(i, cv::CC_STAT_AREA);
        }
    }
    cv::Mat out(mask.size(), CV_8U);
    out.forEach<std::uint8_t>([&](std::uint8_t& px, const int* pos) {
        px = keep[static_cast<std::size_t>(labels.at<int>(pos[0], pos[1]))];
    });
    // Holes: background components that do not touch the border.
    cv::Mat background = out == 0;
    const int m = cv::connectedComponentsWithStats(background, labels, stats, centroids, 4, CV_32S);
    const long maxHole =
        static_cast<long>(options.maxHoleFractionOfWound * static_cast<double>(woundArea));
    std::vector<std::uint8_t> fill(static_cast<std::size_t>(m), 0);
    for (int i = 1; i < m; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const bool touchesBorder = x == 0 || y == 0 || x + w == out.cols || y + h == out.rows;
        fill[static_cast<std::size_t>(i)] =
            !touchesBorder && stats.at<int>(i, cv::CC_STAT_AREA) <= maxHole ? 255 : 0;
    }
    out.forEach<std::uint8_t>([&](std::uint8_t& px, const int* pos) {
        if (px == 0)
            px = fill[static_cast<std::size_t>(labels.at<int>(pos[0], pos[1]))];
    });
    return out;
}

cv::Mat binaryEntropyBits(const cv::Mat& probability) {
    CV_Assert(probability.type() == CV_32F);
    // p clamped away from 0 and 1 so that 0·log 0 reads as 0 (its limit).
    cv::Mat p = cv::max(cv::min(probability, 1.0 - 1e-7), 1e-7);
    cv::Mat q = 1.0 - p;
    cv::Mat logP, logQ;
    cv::log(p, logP);
    cv::log(q, logQ);
    cv::Mat entropy = -(p.mul(logP) + q.mul(logQ)) / std::log(2.0);
    return entropy;
}

double boundaryUncertainty(const cv::Mat& probability, const cv::Mat& mask, int bandHalfWidthPx) {
    CV_Assert(probability.type() == CV_32F && mask.type() == CV_8U &&
              probability.size() == mask.size());
    if (probability.empty())
        return 0.0;
    const cv::Mat unsure = binaryEntropyBits(probability);
    const cv::Mat binary = mask > 0;
    const int side = 2 * std::max(1, bandHalfWidthPx) + 1;
    cv::Mat band;
    // Dilation pads with the minimum and erosion with the maximum, so the photo's edge is no
    // border.
    cv::morphologyEx(binary, band, cv::MORPH_GRADIENT,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(side, side)));
    if (cv::countNonZero(band) == 0)
        return cv::mean(unsure)[0];
    return cv::mean(unsure, band)[0];
}

}  // namespace cicatrix::ml
