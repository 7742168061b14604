// Separable bilinear upsampling with precomputed taps: each needed source row is interpolated
// along x once, then each output row blends two of them.
#include "ml/logit_upsampling.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cicatrix::ml {

namespace {

// value = (1 − w)·source[near] + w·source[far]
struct Tap {
    int near;
    int far;
    float w;
};

// The taps of destination positions [from, from + count) when `source` samples become
// `destination` ones (cv::resize's INTER_LINEAR geometry).
std::vector<Tap> tapsFor(int source, int destination, int from, int count) {
    std::vector<Tap> taps(static_cast<std::size_t>(std::max(count, 0)));
    const double scale = static_cast<double>(source) / destination;
    for (int k = 0; k < count; ++k) {
        const double s = (from + k + 0.5) * scale - 0.5;
        int near = static_cast<int>(std::floor(s));
        double w = s - near;
        if (near < 0) {
            near = 0;
            w = 0.0;
        }
        if (near >= source - 1) {
            near = source - 1;
            w = 0.0;
        }
        taps[static_cast<std::size_t>(k)] = {near, std::min(near + 1, source - 1),
                                             static_cast<float>(w)};
    }
    return taps;
}

// The span [first, last] of destination positions whose taps reach source positions [lo, hi];
// first > last when none does.
std::pair<int, int> reaching(const std::vector<Tap>& taps, int lo, int hi) {
    int first = static_cast<int>(taps.size()), last = -1;
    for (int k = 0; k < static_cast<int>(taps.size()); ++k) {
        const Tap& t = taps[static_cast<std::size_t>(k)];
        if ((t.near >= lo && t.near <= hi) || (t.far >= lo && t.far <= hi)) {
            first = std::min(first, k);
            last = k;
        }
    }
    return {first, last};
}

}  // namespace

cv::Mat upsampleLogits(const cv::Mat& logits, cv::Size full, cv::Rect roi) {
    CV_Assert(logits.type() == CV_32F && !logits.empty());
    CV_Assert((roi & cv::Rect(0, 0, full.width, full.height)) == roi);
    cv::Mat out(roi.size(), CV_32F);
    if (roi.empty())
        return out;
    const std::vector<Tap> xs = tapsFor(logits.cols, full.width, roi.x, roi.width);
    const std::vector<Tap> ys = tapsFor(logits.rows, full.height, roi.y, roi.height);
    // Source rows the output rows blend, interpolated along x (row r - firstRow).
    const int firstRow = ys.front().near, lastRow = ys.back().far;
    cv::Mat rows(lastRow - firstRow + 1, roi.width, CV_32F);
    cv::parallel_for_(cv::Range(0, rows.rows), [&](const cv::Range& range) {
        for (int r = range.start; r < range.end; ++r) {
            const float* s = logits.ptr<float>(firstRow + r);
            float* d = rows.ptr<float>(r);
            for (int x = 0; x < roi.width; ++x) {
                const Tap& t = xs[static_cast<std::size_t>(x)];
                d[x] = (1.0f - t.w) * s[t.near] + t.w * s[t.far];
            }
        }
    });
    cv::parallel_for_(cv::Range(0, roi.height), [&](const cv::Range& range) {
        for (int y = range.start; y < range.end; ++y) {
            const Tap& t = ys[static_cast<std::size_t>(y)];
            const float* a = rows.ptr<float>(t.near - firstRow);
            const float* b = rows.ptr<float>(t.far - firstRow);
            const float wa = 1.0f - t.w, wb = t.w;
            float* d = out.ptr<float>(y);
            for (int x = 0; x < roi.width; ++x) d[x] = wa * a[x] + wb * b[x];
        }
    });
    return out;
}

cv::Rect possibleWoundBox(const cv::Mat& logits, cv::Size full, double threshold) {
    if (logits.empty() || full.empty())
        return {};
    CV_Assert(logits.type() == CV_32F);
    // A little below the threshold, so that rounding in the two blends cannot lift a pixel whose
    // source logits are all at or just under it above the threshold outside the box.
    const double margin = 1e-3 * (1.0 + std::abs(threshold));
    const cv::Rect source = cv::boundingRect(logits > threshold - margin);
    if (source.empty())
        return {};
    const auto [x0, x1] = reaching(tapsFor(logits.cols, full.width, 0, full.width), source.x,
                                   source.x + source.width - 1);
    const auto [y0, y1] = reaching(tapsFor(logits.rows, full.height, 0, full.height), source.y,
                                   source.y + source.height - 1);
    if (x0 > x1 || y0 > y1)
        return {};
    const int left = std::max(0, x0 - 1), top = std::max(0, y0 - 1);
    const int right = std::min(full.width - 1, x1 + 1), bottom = std::min(full.height - 1, y1 + 1);
    return {left, top, right - left + 1, bottom - top + 1};
}

cv::Mat fullResolutionMask(const cv::Mat& logits, cv::Size full, double threshold,
                           const PostprocessOptions& options) {
    cv::Mat mask(full, CV_8U, cv::Scalar(0));
    const cv::Rect box = possibleWoundBox(logits, full, threshold);
    if (box.empty())
        return mask;
    const cv::Mat values = upsampleLogits(logits, full, box);
    postprocessMask(values > threshold, options, values).copyTo(mask(box));
    return mask;
}

}  // namespace cicatrix::ml
