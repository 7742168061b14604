// Agreement between two label maps of one photo: the Dice of their wound pixels (any wound class,
// ids 1–6), leaving out pixels that either map marks unsure (255). Used for correction effort (AI
// draft vs approved label) and for inter-annotator agreement. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include <opencv2/core/mat.hpp>

namespace cicatrix::annotate {

// The counts behind a Dice, so that several photos can be pooled (aggregate Dice).
struct WoundOverlap {
    std::int64_t both = 0;   // wound in both maps
    std::int64_t first = 0;  // wound in the first map (scored pixels)
    std::int64_t second = 0;

    // 2·both / (first + second); 1 when neither map has a scored wound pixel.
    [[nodiscard]] double dice() const;
    WoundOverlap& operator+=(const WoundOverlap& other);
};

// nullopt when the maps are not both non-empty CV_8UC1 of the same size.
[[nodiscard]] std::optional<WoundOverlap> woundOverlap(const cv::Mat& a, const cv::Mat& b);
[[nodiscard]] std::optional<double> woundDice(const cv::Mat& a, const cv::Mat& b);

}  // namespace cicatrix::annotate
