// EXIF orientation: every value moves a marked corner where the EXIF specification says.
#include <gtest/gtest.h>

#include "library/image_orientation.hpp"

namespace cicatrix::library {
namespace {

// 3×2 image (w=3, h=2) whose pixel values are 1..6 in row order.
cv::Mat sample() {
    return (cv::Mat_<std::uint8_t>(2, 3) << 1, 2, 3, 4, 5, 6);
}

TEST(ImageOrientation, EveryExifValue) {
    struct Case {
        int orientation;
        cv::Mat expected;
    };
    const std::vector<Case> cases{
        {1, (cv::Mat_<std::uint8_t>(2, 3) << 1, 2, 3, 4, 5, 6)},
        {2, (cv::Mat_<std::uint8_t>(2, 3) << 3, 2, 1, 6, 5, 4)},
        {3, (cv::Mat_<std::uint8_t>(2, 3) << 6, 5, 4, 3, 2, 1)},
        {4, (cv::Mat_<std::uint8_t>(2, 3) << 4, 5, 6, 1, 2, 3)},
        {5, (cv::Mat_<std::uint8_t>(3, 2) << 1, 4, 2, 5, 3, 6)},
        {6, (cv::Mat_<std::uint8_t>(3, 2) << 4, 1, 5, 2, 6, 3)},
        {7, (cv::Mat_<std::uint8_t>(3, 2) << 6, 3, 5, 2, 4, 1)},
        {8, (cv::Mat_<std::uint8_t>(3, 2) << 3, 6, 2, 5, 1, 4)},
    };
    for (const Case& c : cases) {
        const cv::Mat out = applyExifOrientation(sample(), c.orientation);
        ASSERT_EQ(out.size(), c.expected.size()) << c.orientation;
        EXPECT_EQ(cv::countNonZero(out != c.expected), 0) << "orientation " << c.orientation;
        EXPECT_EQ(orientedSize(sample().size(), c.orientation), c.expected.size());
    }
}

TEST(ImageOrientation, InvalidValuesAreIdentity) {
    EXPECT_FALSE(isValidExifOrientation(0));
    EXPECT_FALSE(isValidExifOrientation(9));
    const cv::Mat out = applyExifOrientation(sample(), 42);
    EXPECT_EQ(cv::countNonZero(out != sample()), 0);
}

}  // namespace
}  // namespace cicatrix::library
