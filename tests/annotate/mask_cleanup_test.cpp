// Fill holes, remove small islands and smooth edges on synthetic masks with known answers; each
// edit reverts exactly, changes nothing outside its rectangle, and leaves unsure (255) alone.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "annotate/label_classes.hpp"
#include "annotate/mask_cleanup.hpp"
#include "tool_checks.hpp"

namespace cicatrix::annotate {
namespace {

using test::runChecked;

TEST(FillHoles, FillsAnEnclosedHoleButNotANotchOpenToTheBorder) {
    cv::Mat labels = cv::Mat::zeros(100, 100, CV_8UC1);
    labels(cv::Rect(10, 10, 60, 60)).setTo(3);
    labels(cv::Rect(30, 30, 10, 10)).setTo(0);  // enclosed hole
    labels(cv::Rect(0, 50, 20, 40)).setTo(3);   // touches the map's left border ...
    labels(cv::Rect(0, 60, 10, 10)).setTo(0);   // ... with a notch open to that border
    const LabelEdit edit =
        runChecked(labels, [](cv::Mat& m) { return fillHoles(m, std::uint8_t{3}); });
    EXPECT_EQ(edit.rect, cv::Rect(30, 30, 10, 10));
    EXPECT_EQ(labels.at<std::uint8_t>(35, 35), 3);
    EXPECT_EQ(labels.at<std::uint8_t>(65, 5), 0);
}

TEST(FillHoles, AllWoundClassesFillWithTheSurroundingTissue) {
    cv::Mat labels = cv::Mat::zeros(80, 80, CV_8UC1);
    labels(cv::Rect(10, 10, 60, 60)).setTo(2);
    labels(cv::Rect(10, 10, 30, 60)).setTo(3);  // left half granulation, right half slough
    labels(cv::Rect(45, 30, 8, 8)).setTo(0);    // hole inside the slough
    labels(cv::Rect(20, 30, 6, 6)).setTo(0);    // hole inside the granulation
    cv::Mat onlyGranulation = labels.clone();
    (void)runChecked(labels, [](cv::Mat& m) { return fillHoles(m, std::nullopt); });
    EXPECT_EQ(labels.at<std::uint8_t>(33, 48), 2);
    EXPECT_EQ(labels.at<std::uint8_t>(32, 22), 3);
    // Restricted to granulation, the slough hole stays.
    (void)runChecked(onlyGranulation, [](cv::Mat& m) { return fillHoles(m, std::uint8_t{3}); });
    EXPECT_EQ(onlyGranulation.at<std::uint8_t>(33, 48), 0);
    EXPECT_EQ(onlyGranulation.at<std::uint8_t>(32, 22), 3);
}

TEST(FillHoles, AHoleNextToUnsureIsNotEnclosedByWound) {
    cv::Mat labels = cv::Mat::zeros(60, 60, CV_8UC1);
    labels(cv::Rect(10, 10, 40, 40)).setTo(6);
    labels(cv::Rect(20, 20, 10, 10)).setTo(0);
    labels(cv::Rect(30, 20, 5, 10)).setTo(kIgnoreLabel);  // the hole borders unsure
    const LabelEdit edit =
        runChecked(labels, [](cv::Mat& m) { return fillHoles(m, std::nullopt); });
    EXPECT_TRUE(edit.rect.empty());
    EXPECT_EQ(labels.at<std::uint8_t>(25, 25), 0);
}

TEST(RemoveSmallIslands, RemovesASpeckButKeepsABlob) {
    cv::Mat labels = cv::Mat::zeros(120, 120, CV_8UC1);
    labels(cv::Rect(10, 10, 25, 20)).setTo(3);  // 500-px blob
    labels(cv::Rect(80, 80, 5, 2)).setTo(3);    // 10-px speck on background
    labels(cv::Rect(60, 10, 40, 40)).setTo(2);
    labels(cv::Rect(75, 25, 3, 3)).setTo(4);             // 9-px necrosis speck inside slough
    labels(cv::Rect(5, 100, 3, 3)).setTo(kIgnoreLabel);  // unsure specks stay
    const LabelEdit edit = runChecked(labels, [](cv::Mat& m) { return removeSmallIslands(m, 50); });
    EXPECT_EQ(edit.name, "Remove small islands");
    EXPECT_EQ(labels.at<std::uint8_t>(81, 82), 0);
    EXPECT_EQ(labels.at<std::uint8_t>(26, 76), 2);
    EXPECT_EQ(cv::countNonZero(labels(cv::Rect(10, 10, 25, 20)) == 3), 500);
    EXPECT_EQ(labels.at<std::uint8_t>(101, 6), kIgnoreLabel);
    EXPECT_EQ(edit.rect, cv::Rect(75, 25, 10, 57));
}

TEST(SmoothEdges, RemovesAOnePixelSpurAndKeepsTheBody) {
    cv::Mat labels = cv::Mat::zeros(100, 100, CV_8UC1);
    labels(cv::Rect(20, 20, 40, 40)).setTo(3);
    labels(cv::Rect(60, 40, 12, 1)).setTo(3);             // 1-px spur sticking out to the right
    labels(cv::Rect(20, 70, 10, 1)).setTo(kIgnoreLabel);  // a thin unsure line must survive
    const LabelEdit edit = runChecked(labels, [](cv::Mat& m) { return smoothEdges(m, 2); });
    EXPECT_FALSE(edit.rect.empty());
    EXPECT_EQ(cv::countNonZero(labels(cv::Rect(61, 40, 11, 1))), 0) << "spur survived";
    EXPECT_EQ(labels.at<std::uint8_t>(40, 40), 3);
    EXPECT_EQ(labels.at<std::uint8_t>(21, 40), 3);  // straight edges stay
    EXPECT_EQ(cv::countNonZero(labels(cv::Rect(20, 70, 10, 1)) == kIgnoreLabel), 10);
}

TEST(SmoothEdges, NeverTurnsAPixelIntoUnsure) {
    cv::Mat labels = cv::Mat::zeros(60, 60, CV_8UC1);
    labels(cv::Rect(10, 10, 40, 40)).setTo(kIgnoreLabel);
    labels.at<std::uint8_t>(30, 30) = 3;  // one pixel inside a field of unsure
    (void)runChecked(labels, [](cv::Mat& m) { return smoothEdges(m, 3); });
    EXPECT_EQ(cv::countNonZero(labels == kIgnoreLabel), 40 * 40 - 1);
}

TEST(MaskCleanup, EmptyMapGivesEmptyEdits) {
    cv::Mat labels = cv::Mat::zeros(30, 30, CV_8UC1);
    EXPECT_TRUE(fillHoles(labels, std::nullopt).rect.empty());
    EXPECT_TRUE(removeSmallIslands(labels, 10).rect.empty());
    EXPECT_TRUE(smoothEdges(labels, 2).rect.empty());
}

}  // namespace
}  // namespace cicatrix::annotate
