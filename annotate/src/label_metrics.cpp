// Wound Dice between two label maps, one pass over the pixels.
#include "annotate/label_metrics.hpp"

#include "annotate/label_classes.hpp"

namespace cicatrix::annotate {

double WoundOverlap::dice() const {
    const std::int64_t sum = first + second;
    return sum == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(sum);
}

WoundOverlap& WoundOverlap::operator+=(const WoundOverlap& other) {
    both += other.both;
    first += other.first;
    second += other.second;
    return *this;
}

std::optional<WoundOverlap> woundOverlap(const cv::Mat& a, const cv::Mat& b) {
    if (a.empty() || a.type() != CV_8UC1 || b.type() != CV_8UC1 || a.size() != b.size())
        return std::nullopt;
    WoundOverlap overlap;
    for (int y = 0; y < a.rows; ++y) {
        const auto* ra = a.ptr<std::uint8_t>(y);
        const auto* rb = b.ptr<std::uint8_t>(y);
        for (int x = 0; x < a.cols; ++x) {
            if (ra[x] == kIgnoreLabel || rb[x] == kIgnoreLabel)
                continue;
            const bool wa = isWoundClass(ra[x]), wb = isWoundClass(rb[x]);
            overlap.first += wa;
            overlap.second += wb;
            overlap.both += wa && wb;
        }
    }
    return overlap;
}

std::optional<double> woundDice(const cv::Mat& a, const cv::Mat& b) {
    const auto overlap = woundOverlap(a, b);
    return overlap ? std::optional(overlap->dice()) : std::nullopt;
}

}  // namespace cicatrix::annotate
