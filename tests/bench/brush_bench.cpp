// Brush stroke cost against image size: the same 200-dab stroke on a 24-megapixel and on a
// 1-megapixel label map (baseline). Time and the bytes the stroke holds must follow the brush,
// not the image: both ratios should be near 1. Also prints the undo memory per stroke.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <opencv2/core.hpp>

#include "annotate/brush.hpp"
#include "bench_timer.hpp"

using namespace cicatrix::annotate;

namespace {

struct StrokeCost {
    double ms = 0;
    std::size_t heldBytes = 0;  // peak before-patch held during the stroke
    std::size_t editBytes = 0;  // what the undo stack keeps
    cv::Rect rect;
};

// 200 dabs of radius 20 along an 800-px zigzag (one dab per 4-px move), then undone so every
// repetition paints the same pixels.
StrokeCost measure(cv::Mat& labels) {
    StrokeCost cost;
    constexpr int kDabs = 200;
    cost.ms = cicatrix::bench::medianMs(15, [&] {
        BrushStroke brush;
        cv::Point2f p{100.0F, 400.0F};
        brush.begin(labels, p, 20, {.classId = 3});
        for (int i = 1; i < kDabs; ++i) {
            p += cv::Point2f(4.0F, (i / 25) % 2 == 0 ? 1.5F : -1.5F);
            brush.moveTo(p);
            cost.heldBytes = std::max(cost.heldBytes, brush.heldBytes());
        }
        const LabelEdit edit = brush.end();
        cost.editBytes = editBytes(edit);
        cost.rect = edit.rect;
        revert(labels, edit);
    });
    return cost;
}

}  // namespace

int main() {
    cv::Mat small = cv::Mat::zeros(1000, 1000, CV_8UC1);  // 1 MP (baseline)
    cv::Mat large = cv::Mat::zeros(4000, 6000, CV_8UC1);  // 24 MP
    const StrokeCost base = measure(small);
    const StrokeCost big = measure(large);
    const double mapMiB = static_cast<double>(large.total()) / (1 << 20);
    std::cout << fmt::format(
        "brush (200 dabs, radius 20, {}×{} px stroke): 1 MP map {:.3f} ms (baseline), 24 MP map "
        "{:.3f} ms; time ratio ×{:.2f}\n",
        big.rect.width, big.rect.height, base.ms, big.ms, big.ms / base.ms);
    std::cout << fmt::format(
        "brush memory: held during stroke {:.1f} KiB (1 MP) vs {:.1f} KiB (24 MP), ratio ×{:.2f}; "
        "undo per stroke (editBytes) {:.1f} KiB vs {:.1f} KiB, ratio ×{:.2f}; a whole-map "
        "snapshot pair would be {:.1f} MiB\n",
        base.heldBytes / 1024.0, big.heldBytes / 1024.0,
        static_cast<double>(big.heldBytes) / static_cast<double>(base.heldBytes),
        base.editBytes / 1024.0, big.editBytes / 1024.0,
        static_cast<double>(big.editBytes) / static_cast<double>(base.editBytes), 2 * mapMiB);
    return 0;
}
