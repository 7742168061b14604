// The boundary uncertainty on constructed probability maps (clean-up is in wound_measurement_test).
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "ml/mask_postprocess.hpp"

namespace cicatrix::ml {
namespace {

// A disc of radius 60 in a 200×200 map: p = 0.99 inside radius 57, 0.5 from 57 to 63, 0.01 outside.
struct DiscWithUncertainRim {
    cv::Mat probability{200, 200, CV_32F, cv::Scalar(0.01)};
    cv::Mat mask{200, 200, CV_8U, cv::Scalar(0)};
    DiscWithUncertainRim() {
        cv::circle(probability, {100, 100}, 63, cv::Scalar(0.5), cv::FILLED);
        cv::circle(probability, {100, 100}, 57, cv::Scalar(0.99), cv::FILLED);
        cv::circle(mask, {100, 100}, 60, cv::Scalar(255), cv::FILLED);
    }
};

TEST(BoundaryUncertainty, ConfidentInteriorWithAnUncertainRimIsUncertain) {
    const DiscWithUncertainRim d;
    const double boundary = boundaryUncertainty(d.probability, d.mask);
    EXPECT_GT(boundary, 0.9);
    // The former formula (mean over every pixel with p > 0.1) drowns the rim in the confident
    // interior.
    const cv::Mat unsure = 1.0 - cv::abs(2.0 * d.probability - 1.0);
    const double former = cv::mean(unsure, d.probability > 0.1)[0];
    EXPECT_LT(former, 0.3);
}

TEST(BoundaryUncertainty, SharpEdgeIsCertain) {
    DiscWithUncertainRim d;
    d.probability.setTo(cv::Scalar(0.01));
    cv::circle(d.probability, {100, 100}, 60, cv::Scalar(0.99), cv::FILLED);
    // p of 0.01/0.99 holds 0.08 bits.
    EXPECT_LT(boundaryUncertainty(d.probability, d.mask), 0.1);
}

TEST(BoundaryUncertainty, IsTheBinaryEntropyInBits) {
    cv::Mat probability(1, 5, CV_32F);
    probability.at<float>(0) = 0.0F;
    probability.at<float>(1) = 0.5F;
    probability.at<float>(2) = 0.9F;
    probability.at<float>(3) = 0.1F;
    probability.at<float>(4) = 1.0F;
    const cv::Mat h = binaryEntropyBits(probability);
    EXPECT_NEAR(h.at<float>(0), 0.0, 1e-5);
    EXPECT_NEAR(h.at<float>(1), 1.0, 1e-5);
    // -0.9 log2 0.9 - 0.1 log2 0.1 = 0.469 (1 - |2p - 1| would give 0.2).
    EXPECT_NEAR(h.at<float>(2), 0.4690, 1e-4);
    EXPECT_NEAR(h.at<float>(3), 0.4690, 1e-4);
    EXPECT_NEAR(h.at<float>(4), 0.0, 1e-5);
}

TEST(BoundaryUncertainty, OnlyTheBandAroundTheBorderCounts) {
    DiscWithUncertainRim d;
    // Hesitation far from the outline (a patch in the background) does not change the figure.
    const double before = boundaryUncertainty(d.probability, d.mask);
    cv::rectangle(d.probability, cv::Rect(0, 0, 20, 20), cv::Scalar(0.5), cv::FILLED);
    EXPECT_DOUBLE_EQ(boundaryUncertainty(d.probability, d.mask), before);
    // A narrower band than the rim stays entirely inside it.
    EXPECT_NEAR(boundaryUncertainty(d.probability, d.mask, 1), 1.0, 1e-6);
}

TEST(BoundaryUncertainty, ImageEdgeIsNoBorderAndNoBorderMeansTheWholeMap) {
    cv::Mat probability(50, 50, CV_32F, cv::Scalar(0.5));
    cv::Mat mask(50, 50, CV_8U, cv::Scalar(255));  // wound everywhere: no border
    EXPECT_NEAR(boundaryUncertainty(probability, mask), 1.0, 1e-6);
    probability.setTo(cv::Scalar(0.0));
    EXPECT_NEAR(boundaryUncertainty(probability, cv::Mat(50, 50, CV_8U, cv::Scalar(0))), 0.0, 1e-5);
    // A wound touching the left edge: only its inner border (x = 25) counts, not the image edge.
    probability.setTo(cv::Scalar(0.99));
    probability.colRange(0, 3).setTo(cv::Scalar(0.5));  // hesitation along the image edge only
    mask.colRange(25, 50).setTo(cv::Scalar(0));
    EXPECT_LT(boundaryUncertainty(probability, mask), 0.1);
}

}  // namespace
}  // namespace cicatrix::ml
