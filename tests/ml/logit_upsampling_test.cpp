// The full-resolution mask computed inside the possible-wound box against the same computation
// over the whole photo, on random logit maps (islands, holes, wounds at the photo's edge).
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "ml/logit_upsampling.hpp"

namespace cicatrix::ml {
namespace {

// A low-resolution logit map: background at -6, a few Gaussian bumps (some strong enough for
// the support rule, some not), some with a dip (a hole) in them, some cut by the map's edge.
cv::Mat randomLogits(cv::RNG& rng, cv::Size size) {
    cv::Mat logits(size, CV_32F, cv::Scalar(-6.0));
    const int bumps = rng.uniform(0, 5);
    for (int b = 0; b < bumps; ++b) {
        const double cx = rng.uniform(-0.1, 1.1) * size.width;
        const double cy = rng.uniform(-0.1, 1.1) * size.height;
        const double sigma = rng.uniform(0.5, 0.25 * size.width);
        const double height = rng.uniform(4.0, 14.0);  // peaks from -2 to 8 above the background
        const bool hole = rng.uniform(0, 2) == 1;
        for (int y = 0; y < size.height; ++y)
            for (int x = 0; x < size.width; ++x) {
                const double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (sigma * sigma);
                double v = height * std::exp(-0.5 * r2);
                if (hole)
                    v -= 1.2 * height * std::exp(-0.5 * r2 * 16.0);
                logits.at<float>(y, x) += static_cast<float>(v);
            }
    }
    return logits;
}

cv::Mat wholePhotoMask(const cv::Mat& logits, cv::Size full, double threshold,
                       const PostprocessOptions& options) {
    const cv::Mat values = upsampleLogits(logits, full, cv::Rect({}, full));
    return postprocessMask(values > threshold, options, values);
}

TEST(LogitUpsampling, IsCvResizeBilinear) {
    cv::RNG rng(20261130);
    for (const auto& [source, full] : {std::pair{cv::Size(37, 23), cv::Size(301, 173)},
                                       std::pair{cv::Size(64, 48), cv::Size(64, 48)},
                                       std::pair{cv::Size(512, 384), cv::Size(4000, 3000)},
                                       std::pair{cv::Size(1, 5), cv::Size(7, 40)}}) {
        cv::Mat logits(source, CV_32F);
        rng.fill(logits, cv::RNG::UNIFORM, -20.0, 20.0);
        cv::Mat expected;
        cv::resize(logits, expected, full, 0, 0, cv::INTER_LINEAR);
        const cv::Mat ours = upsampleLogits(logits, full, cv::Rect({}, full));
        ASSERT_EQ(ours.size(), full);
        // cv::resize places source positions in single precision (about 3e-5 px at 512 px):
        // with logits changing by up to 40 per source pixel, values differ by up to ~1e-3.
        EXPECT_LT(cv::norm(ours, expected, cv::NORM_INF), 2e-3) << source << " -> " << full;
        // A rectangle of it is exactly that part of the whole.
        const cv::Rect part(full.width / 3, full.height / 4, full.width / 2, full.height / 2);
        EXPECT_EQ(cv::norm(upsampleLogits(logits, full, part), ours(part), cv::NORM_INF), 0.0);
    }
}

TEST(LogitUpsampling, TheBoxHoldsEveryPixelAboveTheThresholdAndIsBorderedBelowIt) {
    cv::RNG rng(7);
    const cv::Size full(613, 821);
    int tight = 0;
    for (int scene = 0; scene < 60; ++scene) {
        const cv::Mat logits = randomLogits(rng, cv::Size(48, 64));
        const cv::Mat whole = upsampleLogits(logits, full, cv::Rect({}, full));
        const cv::Mat above = whole > 0.0;
        const cv::Rect box = possibleWoundBox(logits, full, 0.0);
        if (cv::countNonZero(above) == 0)
            continue;
        ASSERT_FALSE(box.empty());
        EXPECT_EQ(cv::countNonZero(above(box)), cv::countNonZero(above)) << "scene " << scene;
        // Its border rows and columns are below the threshold, unless they are the photo's edge.
        const cv::Mat inBox = above(box);
        const bool below[] = {
            box.x == 0 || cv::countNonZero(inBox.col(0)) == 0,
            box.y == 0 || cv::countNonZero(inBox.row(0)) == 0,
            box.br().x == full.width || cv::countNonZero(inBox.col(box.width - 1)) == 0,
            box.br().y == full.height || cv::countNonZero(inBox.row(box.height - 1)) == 0};
        for (const bool side : below) EXPECT_TRUE(side) << "scene " << scene;
        // And it is not the whole photo for a wound that does not fill it: within two model
        // pixels of the wound's bounding box.
        const cv::Rect wound = cv::boundingRect(above);
        const double modelPx = static_cast<double>(full.width) / logits.cols;
        EXPECT_LE(box.width, wound.width + 4 * modelPx + 2);
        EXPECT_LE(box.height, wound.height + 4 * modelPx + 2);
        tight += box.area() < full.area() / 2 ? 1 : 0;
    }
    EXPECT_GT(tight, 5);  // the scenes do include small wounds
}

TEST(LogitUpsampling, NoLogitAboveTheThresholdGivesAnEmptyBoxAndMask) {
    const cv::Mat logits(40, 30, CV_32F, cv::Scalar(-3.0));
    EXPECT_TRUE(possibleWoundBox(logits, {300, 400}, 0.0).empty());
    const cv::Mat mask = fullResolutionMask(logits, {300, 400}, 0.0);
    ASSERT_EQ(mask.size(), cv::Size(300, 400));
    EXPECT_EQ(cv::countNonZero(mask), 0);
}

TEST(LogitUpsampling, TheMaskInsideTheBoxIsTheWholePhotosMask) {
    cv::RNG rng(11);
    int withHoles = 0, withDroppedIslands = 0, atTheEdge = 0, nonEmpty = 0;
    for (int scene = 0; scene < 80; ++scene) {
        const cv::Size source(rng.uniform(20, 70), rng.uniform(20, 70));
        const cv::Size full(source.width * rng.uniform(3, 12) + rng.uniform(0, 7),
                            source.height * rng.uniform(3, 12) + rng.uniform(0, 7));
        const cv::Mat logits = randomLogits(rng, source);
        const double threshold = rng.uniform(-0.5, 0.5);
        PostprocessOptions options;
        options.maxHoleFractionOfWound = rng.uniform(0.0, 0.3);
        const cv::Mat expected = wholePhotoMask(logits, full, threshold, options);
        const cv::Mat got = fullResolutionMask(logits, full, threshold, options);
        ASSERT_EQ(got.size(), full);
        ASSERT_EQ(got.type(), CV_8U);
        EXPECT_EQ(cv::countNonZero(got != expected), 0) << "scene " << scene;
        // What the scenes exercised (so that the comparison is not only of empty masks).
        const cv::Mat raw = upsampleLogits(logits, full, cv::Rect({}, full)) > threshold;
        const int kept = cv::countNonZero(expected);
        nonEmpty += kept > 0 ? 1 : 0;
        withHoles += cv::countNonZero(expected & ~raw) > 0 ? 1 : 0;
        withDroppedIslands += cv::countNonZero(raw & ~expected) > 0 ? 1 : 0;
        const cv::Rect wound = kept > 0 ? cv::boundingRect(expected) : cv::Rect();
        atTheEdge += kept > 0 && (wound.x == 0 || wound.y == 0 || wound.br().x == full.width ||
                                  wound.br().y == full.height)
                         ? 1
                         : 0;
    }
    EXPECT_GT(nonEmpty, 40);
    EXPECT_GT(withHoles, 3);
    EXPECT_GT(withDroppedIslands, 3);
    EXPECT_GT(atTheEdge, 3);
}

// Two islands the model is equally unsure of (flat patches of one logit below the support
// threshold, as a saturated or int8 model gives): the fallback keeps one, and the box must keep
// the same one as the whole photo, wherever the box starts (OpenCV's label order depends on it).
TEST(LogitUpsampling, EquallyUnsureIslandsKeepTheSameOneInsideTheBox) {
    int cases = 0;
    for (int shift = 0; shift < 4; ++shift)
        for (const double above : {-4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5}) {
            cv::Mat logits(40, 48, CV_32F, cv::Scalar(-4.0));
            logits(cv::Rect(6, 10 + shift, 6, 6)).setTo(1.0);  // p 0.73 < 0.9: unsupported
            logits(cv::Rect(30, 10 + shift, 6, 6)).setTo(1.0);
            // A softer row above the right island lifts its top edge by a few photo pixels, so
            // the two islands start on nearby rows (OpenCV labels 2×2 blocks of rows).
            logits(cv::Rect(30, 9 + shift, 6, 1)).setTo(above);
            const cv::Size full(48 * 8, 40 * 8);
            const PostprocessOptions options;
            const cv::Mat expected = wholePhotoMask(logits, full, 0.0, options);
            const cv::Mat got = fullResolutionMask(logits, full, 0.0, options);
            EXPECT_EQ(cv::countNonZero(got != expected), 0)
                << "shift " << shift << " above " << above;
            cv::Mat labels;
            EXPECT_EQ(cv::connectedComponents(expected > 0, labels, 8), 2) << "one island kept";
            ++cases;
        }
    EXPECT_EQ(cases, 28);
}

}  // namespace
}  // namespace cicatrix::ml
