// Bands found on a copy at most 1024 px on its long side (INTER_AREA: a band stays uniform, the
// line where it meets the picture mixes both), then mapped back to full resolution keeping the
// last band line of the copy, so no picture pixel is ever trimmed.
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
    // Working lines → full-resolution lines. Working line i averages full lines [i/s, (i+1)/s)
    // (s: that axis's exact scale); a line mixing band and a dark picture can pass as band, so
    // the last band line is not trimmed (no margin without reduction): the band trimmed at the
    // near side is full lines [0, (band-1)/s), at the far side [(side-band+1)/s, fullSide).
    const bool reduced = f < 1.0;
    const auto trimmed = [&](int band, int side, int fullSide, bool far) {
        if (band < options.minBandFraction * side || band >= side)
            return 0;
        if (!reduced)
            return band;
        const double s = static_cast<double>(side) / fullSide;
        return far ? std::max(0, fullSide - static_cast<int>(std::ceil((side - band + 1) / s)))
                   : std::max(0, static_cast<int>(std::floor((band - 1) / s)));
    };
    const int t = trimmed(top, work.rows, bgr.rows, false);
    const int b = trimmed(bottom, work.rows, bgr.rows, true);
    const int l = trimmed(left, work.cols, bgr.cols, false);
    const int r = trimmed(right, work.cols, bgr.cols, true);
    const cv::Rect content(l, t, bgr.cols - l - r, bgr.rows - t - b);
    if (content.width < options.minContentFraction * bgr.cols ||
        content.height < options.minContentFraction * bgr.rows)
        return whole;  // nearly all uniform: nothing to zoom into
    return content;
}

}  // namespace cicatrix::ml
