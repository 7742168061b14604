// Wound Dice between label maps: any wound class counts as wound, unsure pixels in either map are
// left out, empty-vs-empty is full agreement, pooled counts give the aggregate Dice, mismatched
// maps are refused.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "annotate/label_classes.hpp"
#include "annotate/label_metrics.hpp"

namespace cicatrix::annotate {
namespace {

cv::Mat blank() {
    return cv::Mat::zeros(10, 10, CV_8UC1);
}

TEST(LabelMetrics, AnyWoundClassIsWoundAndOverlapGivesDice) {
    cv::Mat a = blank(), b = blank();
    a(cv::Rect(0, 0, 4, 5)).setTo(kWoundLabel);  // 20 px
    a(cv::Rect(4, 0, 1, 5)).setTo(3);            // granulation: 5 px more
    b(cv::Rect(2, 0, 5, 5)).setTo(2);            // slough, 25 px; 15 shared
    const auto overlap = woundOverlap(a, b);
    ASSERT_TRUE(overlap);
    EXPECT_EQ(overlap->first, 25);
    EXPECT_EQ(overlap->second, 25);
    EXPECT_EQ(overlap->both, 15);
    EXPECT_DOUBLE_EQ(*woundDice(a, b), 30.0 / 50.0);
    EXPECT_DOUBLE_EQ(*woundDice(a, a), 1.0);
}

TEST(LabelMetrics, UnsurePixelsInEitherMapAreNotScored) {
    cv::Mat a = blank(), b = blank();
    a(cv::Rect(0, 0, 5, 5)).setTo(kWoundLabel);
    b(cv::Rect(0, 0, 5, 5)).setTo(kWoundLabel);
    b(cv::Rect(0, 0, 5, 2)).setTo(kIgnoreLabel);  // unsure in b: 10 wound px of a not scored
    a(cv::Rect(5, 5, 2, 2)).setTo(kIgnoreLabel);
    b(cv::Rect(5, 5, 2, 2)).setTo(kWoundLabel);  // unsure in a: b's wound there not scored
    const auto overlap = woundOverlap(a, b);
    ASSERT_TRUE(overlap);
    EXPECT_EQ(overlap->first, 15);
    EXPECT_EQ(overlap->second, 15);
    EXPECT_DOUBLE_EQ(overlap->dice(), 1.0);
}

TEST(LabelMetrics, EmptyMapsAgreeDisjointOnesDoNotAndCountsPool) {
    EXPECT_DOUBLE_EQ(*woundDice(blank(), blank()), 1.0);
    cv::Mat a = blank(), b = blank();
    a(cv::Rect(0, 0, 2, 2)).setTo(1);
    b(cv::Rect(5, 5, 2, 2)).setTo(1);
    EXPECT_DOUBLE_EQ(*woundDice(a, b), 0.0);
    EXPECT_DOUBLE_EQ(*woundDice(a, blank()), 0.0);

    WoundOverlap pooled = *woundOverlap(a, b);  // 0 of 8
    pooled += *woundOverlap(a, a);              // 4 of 8
    EXPECT_DOUBLE_EQ(pooled.dice(), 8.0 / 16.0);
}

TEST(LabelMetrics, MismatchedMapsAreRefused) {
    EXPECT_FALSE(woundDice(blank(), cv::Mat::zeros(10, 11, CV_8UC1)));
    EXPECT_FALSE(woundDice(blank(), cv::Mat::zeros(10, 10, CV_16UC1)));
    EXPECT_FALSE(woundDice(cv::Mat(), cv::Mat()));
}

}  // namespace
}  // namespace cicatrix::annotate
