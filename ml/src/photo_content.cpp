// Bands found on a copy at most 1024 px on its long side (INTER_AREA: a band stays uniform, the
// line where it meets the picture mixes both and is not taken as band), then mapped back to full
// resolution rounding towards the picture, so no picture pixel is ever trimmed.
#include "ml/photo_content.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cicatrix::ml {

namespace {

constexpr int kWorkingSide = 1024;

// Mean and spread per channel of every row of `image` (CV_32FC(n)): n means, n stds per row.
void rowStats(const cv::Mat& image, cv::Mat& mean, cv::Mat& stddev) {
    cv::Mat squares;
    cv::multiply(image, image, squares);
    cv::reduce(image, mean, 1, cv::REDUCE_AVG, CV_64F);
    cv::Mat meanSquares;
    cv::reduce(squares, meanSquares, 1, cv::REDUCE_AVG, CV_64F);
    cv::Mat variance = meanSquares - mean.mul(mean);
    cv::max(variance, 0.0, variance);
    cv::sqrt(variance, stddev);
}

// How many rows from the top (fromEnd = false) or bottom are band rows.
int bandRows(const cv::Mat& mean, const cv::Mat& stddev, bool fromEnd,
             const ContentBandOptions& o) {
    const int rows = mean.rows, channels = mean.channels();
    const int first = fromEnd ? rows - 1 : 0, step = fromEnd ? -1 : 1;
    const double* edge = mean.ptr<double>(first);
    int count = 0;
    for (int r = first; r >= 0 && r < rows; r += step, ++count) {
        const double* m = mean.ptr<double>(r);
        const double* s = stddev.ptr<double>(r);
        for (int c = 0; c < channels; ++c)
            if (s[c] > o.maxRowStd || std::abs(m[c] - edge[c]) > o.maxColourDrift)
                return count;
    }
    return count;
}

// Band rows at the top and bottom of `image` (rows of the working copy).
std::pair<int, int> bands(const cv::Mat& image, const ContentBandOptions& o) {
    cv::Mat mean, stddev;
    rowStats(image, mean, stddev);
    return {bandRows(mean, stddev, false, o), bandRows(mean, stddev, true, o)};
}

}  // namespace

cv::Rect photoContent(const cv::Mat& bgr, const ContentBandOptions& options) {
    const cv::Rect whole(0, 0, bgr.cols, bgr.rows);
    if (bgr.empty() || bgr.depth() != CV_8U || bgr.rows < 8 || bgr.cols < 8)
        return whole;
    const double f =
        std::min(1.0, static_cast<double>(kWorkingSide) / std::max(bgr.cols, bgr.rows));
    cv::Mat small;
    if (f < 1.0)
        cv::resize(bgr, small, cv::Size(), f, f, cv::INTER_AREA);
    else
        small = bgr;
    cv::Mat work;
    small.convertTo(work, CV_MAKETYPE(CV_32F, small.channels()));
    const auto [top, bottom] = bands(work, options);
    const auto [left, right] = bands(work.t(), options);
    // Working rows → full-resolution rows, rounding towards the picture (one row of margin for
    // the resampling).
    const auto full = [&](int band, int side) {
        if (band < options.minBandFraction * side || band >= side)
            return 0;
        return std::max(0, static_cast<int>(std::floor((band - 1) / f)));
    };
    const int t = full(top, work.rows), b = full(bottom, work.rows);
    const int l = full(left, work.cols), r = full(right, work.cols);
    const cv::Rect content(l, t, bgr.cols - l - r, bgr.rows - t - b);
    if (content.width < options.minContentFraction * bgr.cols ||
        content.height < options.minContentFraction * bgr.rows)
        return whole;  // nearly all uniform: nothing to zoom into
    return content;
}

}  // namespace cicatrix::ml
