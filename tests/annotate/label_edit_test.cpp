// LabelEdit: the diff of two maps is the bounding box of the changed pixels, apply/revert move
// between them exactly, and editBytes counts both patches.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "annotate/label_edit.hpp"
#include "annotate/paint.hpp"
#include "tool_checks.hpp"

namespace cicatrix::annotate {
namespace {

TEST(LabelEdit, DiffIsTheBoundingBoxOfTheChangesAndRevertsExactly) {
    cv::Mat before = cv::Mat::zeros(50, 80, CV_8UC1);
    before(cv::Rect(0, 0, 10, 10)).setTo(2);
    cv::Mat after = before.clone();
    after.at<std::uint8_t>(5, 20) = 3;
    after.at<std::uint8_t>(30, 60) = kIgnoreLabel;
    const LabelEdit edit = diffEdit("Test", before, after);
    EXPECT_EQ(edit.name, "Test");
    EXPECT_EQ(edit.rect, cv::Rect(20, 5, 41, 26));
    EXPECT_EQ(editBytes(edit), 2u * 41u * 26u);
    test::expectWellFormedEdit(before, after, edit);
    // The patches are copies: changing the maps later does not change the edit.
    after.setTo(7);
    EXPECT_EQ(edit.after.at<std::uint8_t>(0, 0), 3);
}

TEST(LabelEdit, NoChangeIsAnEmptyEditThatApplyIgnores) {
    cv::Mat map(20, 20, CV_8UC1, cv::Scalar(4));
    const LabelEdit edit = diffEdit("Nothing", map, map.clone());
    EXPECT_TRUE(edit.rect.empty());
    EXPECT_EQ(editBytes(edit), 0u);
    apply(map, edit);
    revert(map, edit);
    EXPECT_EQ(cv::countNonZero(map != 4), 0);
}

TEST(PaintOptions, RuleMatchesItsDefinition) {
    const PaintOptions protect{.classId = 3, .protectOtherClasses = true};
    EXPECT_TRUE(canChange(0, protect));
    EXPECT_TRUE(canChange(3, protect));
    EXPECT_FALSE(canChange(2, protect));
    EXPECT_FALSE(canChange(kIgnoreLabel, protect));
    const PaintOptions inside{.classId = 3, .insideWoundOnly = true};
    EXPECT_FALSE(canChange(0, inside));
    EXPECT_TRUE(canChange(6, inside));
    EXPECT_TRUE(canChange(1, inside));
    EXPECT_TRUE(canChange(kIgnoreLabel, inside));
    EXPECT_EQ(paintValue({.classId = 4, .erase = true}), 0);
    EXPECT_EQ(paintValue({.classId = 4}), 4);
    const auto table = changeTable(protect);
    for (int v = 0; v < 256; ++v)
        EXPECT_EQ(table[static_cast<std::size_t>(v)] != 0,
                  canChange(static_cast<std::uint8_t>(v), protect));
}

}  // namespace
}  // namespace cicatrix::annotate
