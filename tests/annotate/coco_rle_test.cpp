// COCO RLE against vectors derived by hand from pycocotools' common/maskApi.c (rleEncode: runs in
// column-major order starting with zeros; rleToString: 5 bits per char from '0', 0x20 = more,
// 0x10 of the last char = sign, counts after the second as the delta to the count two before),
// and round trips of random masks.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <random>

#include "annotate/dataset_export.hpp"

namespace {

using cicatrix::annotate::decodeCocoRle;
using cicatrix::annotate::encodeCocoRle;

// A h x w mask whose column-major pixel sequence is the given runs (zeros first).
cv::Mat fromRuns(int h, int w, const std::vector<int>& runs) {
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    int pos = 0;
    std::uint8_t value = 0;
    for (const int run : runs) {
        for (int i = pos; i < pos + run; ++i) {
            m.at<std::uint8_t>(i % h, i / h) = value;
        }
        pos += run;
        value = value != 0 ? 0 : 1;
    }
    EXPECT_EQ(pos, h * w);
    return m;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

TEST(CocoRle, SmallCountsAreOneCharEach) {
    // rows [0 1 1; 0 1 0] → column-major 0 0 1 1 1 0 → counts [2, 3, 1] → '0'+2, '0'+3, '0'+1.
    cv::Mat m = (cv::Mat_<std::uint8_t>(2, 3) << 0, 1, 1, 0, 1, 0);
    EXPECT_EQ(encodeCocoRle(m), "231");
    EXPECT_TRUE(same(decodeCocoRle("231", 2, 3), m));
}

TEST(CocoRle, RunsAreColumnMajor) {
    // One pixel at row 0, column 1 of a 2x2: column-major 0 0 1 0 → [2, 1, 1] (row-major would
    // give [1, 1, 2] = "112").
    cv::Mat m = (cv::Mat_<std::uint8_t>(2, 2) << 0, 1, 0, 0);
    EXPECT_EQ(encodeCocoRle(m), "211");
}

TEST(CocoRle, MaskStartingWithForegroundHasALeadingZeroRun) {
    cv::Mat m(1, 1, CV_8UC1, cv::Scalar(1));
    EXPECT_EQ(encodeCocoRle(m), "01");  // counts [0, 1]
    cv::Mat m255(1, 1, CV_8UC1, cv::Scalar(255));
    EXPECT_EQ(encodeCocoRle(m255), "01");  // any non-zero is foreground
}

TEST(CocoRle, SignBitForcesAContinuationChar) {
    // All-zero 4x4: counts [16]. 16 = 0b10000: its 5-bit group has the sign bit (0x10) set while
    // the rest is 0, so pycocotools writes it as (16|0x20)+48 = '`' then 0+48 = '0'.
    EXPECT_EQ(encodeCocoRle(cv::Mat(4, 4, CV_8UC1, cv::Scalar(0))), "`0");
    EXPECT_TRUE(same(decodeCocoRle("`0", 4, 4), cv::Mat(4, 4, CV_8UC1, cv::Scalar(0))));
}

TEST(CocoRle, MultiCharCountsAndNegativeDeltas) {
    // 5x10, counts [5, 40, 3, 2]:
    //   5  → '5'
    //   40 → low 5 bits 8, rest 1 → (8|0x20)+48 = 'X', then 1+48 = '1'
    //   3  → '3'
    //   2 is stored as 2 - 40 = -38 (i > 2): low 5 bits of -38 are 26 (0x1a, sign bit set),
    //      -38 >> 5 = -2 ≠ -1 → (26|0x20)+48 = 'j'; -2 → low bits 30, -2 >> 5 = -1 → stop: 30+48 =
    //      'N'
    const cv::Mat m = fromRuns(5, 10, {5, 40, 3, 2});
    EXPECT_EQ(encodeCocoRle(m), "5X13jN");
    EXPECT_TRUE(same(decodeCocoRle("5X13jN", 5, 10), m));
}

TEST(CocoRle, RandomMasksRoundTrip) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        const int h = 1 + static_cast<int>(rng() % 70);
        const int w = 1 + static_cast<int>(rng() % 70);
        cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
        // Sparse noise, then blobs, so runs range from 1 to thousands of pixels.
        const int style = trial % 3;
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                if (style == 0) {
                    m.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(rng() % 2);
                } else if (style == 1) {
                    m.at<std::uint8_t>(y, x) = rng() % 50 == 0 ? 1 : 0;
                }
            }
        }
        if (style == 2) {
            m(cv::Rect(0, 0, w / 2 + 1, h)).setTo(1);
        }
        const std::string counts = encodeCocoRle(m);
        EXPECT_TRUE(same(decodeCocoRle(counts, h, w), m)) << h << "x" << w << " " << counts;
    }
}

TEST(CocoRle, LargeMaskRoundTrips) {
    cv::Mat m(1200, 1600, CV_8UC1, cv::Scalar(0));
    m(cv::Rect(100, 50, 1400, 1000)).setTo(1);
    m(cv::Rect(700, 500, 3, 3)).setTo(0);
    const std::string counts = encodeCocoRle(m);
    EXPECT_TRUE(same(decodeCocoRle(counts, 1200, 1600), m));
}

TEST(CocoRle, MalformedCountsDecodeToEmpty) {
    EXPECT_TRUE(decodeCocoRle("5X13jN", 5, 9).empty());   // covers 50 pixels, not 45
    EXPECT_TRUE(decodeCocoRle("5X13jN", 5, 11).empty());  // nor 55
    EXPECT_TRUE(decodeCocoRle("X", 5, 10).empty());       // continuation without an end
    EXPECT_TRUE(decodeCocoRle("5~", 5, 10).empty());      // '~' is outside the alphabet
}

}  // namespace
