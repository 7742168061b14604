// The round brush and eraser: gapless strokes on fast moves, one edit per stroke whose rectangle
// is the stroke's bounding box, the protect/inside-wound options, and the radius steps.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "annotate/brush.hpp"
#include "tool_checks.hpp"

namespace cicatrix::annotate {
namespace {

using test::expectWellFormedEdit;

LabelEdit stroke(cv::Mat& labels, std::initializer_list<cv::Point2f> points, int radius,
                 const PaintOptions& options) {
    BrushStroke brush;
    auto it = points.begin();
    brush.begin(labels, *it, radius, options);
    for (++it; it != points.end(); ++it) brush.moveTo(*it);
    return brush.end();
}

TEST(Brush, FastMoveLeavesNoGapAndOneEditCoversTheStroke) {
    cv::Mat labels = cv::Mat::zeros(100, 300, CV_8UC1);
    const cv::Mat before = labels.clone();
    // One fast move: 190 px in a single event.
    const LabelEdit edit = stroke(labels, {{10, 10}, {200, 10}}, 5, {.classId = 3});
    for (int x = 10; x <= 200; ++x) {
        for (int y = 6; y <= 14; ++y) ASSERT_EQ(labels.at<std::uint8_t>(y, x), 3) << x << "," << y;
    }
    EXPECT_EQ(edit.rect, cv::Rect(5, 5, 201, 11));
    EXPECT_EQ(edit.name, "Brush");
    expectWellFormedEdit(before, labels, edit);
    // Nothing beyond the radius.
    EXPECT_EQ(labels.at<std::uint8_t>(16, 100), 0);
    EXPECT_EQ(labels.at<std::uint8_t>(10, 206), 0);
}

TEST(Brush, LongPolylineStrokeIsOneRevertibleEdit) {
    cv::Mat labels = cv::Mat::zeros(400, 400, CV_8UC1);
    labels(cv::Rect(150, 150, 50, 50)).setTo(2);
    const cv::Mat before = labels.clone();
    const LabelEdit edit =
        stroke(labels, {{20, 20}, {380, 30}, {370, 380}, {30, 370}, {200, 200}}, 7, {.classId = 6});
    expectWellFormedEdit(before, labels, edit);
    EXPECT_EQ(edit.rect, cv::Rect(13, 13, 375, 375));
    EXPECT_EQ(labels.at<std::uint8_t>(300, 100), 6);  // on the diagonal back to the centre
}

TEST(Brush, ProtectOtherClassesLeavesAPaintedClassIntact) {
    cv::Mat labels = cv::Mat::zeros(60, 200, CV_8UC1);
    labels(cv::Rect(80, 0, 40, 60)).setTo(2);  // slough across the stroke
    const cv::Mat before = labels.clone();
    const LabelEdit edit =
        stroke(labels, {{10, 30}, {190, 30}}, 6, {.classId = 3, .protectOtherClasses = true});
    expectWellFormedEdit(before, labels, edit);
    EXPECT_EQ(labels.at<std::uint8_t>(30, 100), 2);
    EXPECT_EQ(labels.at<std::uint8_t>(30, 50), 3);
    EXPECT_EQ(labels.at<std::uint8_t>(30, 150), 3);
    // Without the option the slough is painted over.
    cv::Mat open = before.clone();
    (void)stroke(open, {{10, 30}, {190, 30}}, 6, {.classId = 3});
    EXPECT_EQ(open.at<std::uint8_t>(30, 100), 3);
}

TEST(Brush, InsideWoundOnlyLeavesBackgroundUntouched) {
    cv::Mat labels = cv::Mat::zeros(60, 200, CV_8UC1);
    labels(cv::Rect(50, 20, 100, 20)).setTo(6);  // a wound outline, tissue not specified
    labels(cv::Rect(140, 20, 10, 20)).setTo(kIgnoreLabel);
    const cv::Mat before = labels.clone();
    const LabelEdit edit =
        stroke(labels, {{10, 30}, {190, 30}}, 15, {.classId = 3, .insideWoundOnly = true});
    expectWellFormedEdit(before, labels, edit);
    cv::Mat background;
    cv::compare(before, 0, background, cv::CMP_EQ);
    EXPECT_EQ(cv::countNonZero(labels & background), 0) << "background was painted";
    EXPECT_EQ(labels.at<std::uint8_t>(30, 100), 3);
    EXPECT_EQ(labels.at<std::uint8_t>(30, 145), 3);   // unsure may be refined
    EXPECT_EQ(edit.rect, cv::Rect(50, 20, 100, 20));  // shrunk to what changed
}

TEST(Brush, EraserWithProtectErasesOnlyTheActiveClass) {
    cv::Mat labels = cv::Mat::zeros(60, 200, CV_8UC1);
    labels(cv::Rect(0, 20, 100, 20)).setTo(3);
    labels(cv::Rect(100, 20, 100, 20)).setTo(2);
    const cv::Mat before = labels.clone();
    const LabelEdit edit = stroke(labels, {{5, 30}, {195, 30}}, 12,
                                  {.classId = 3, .erase = true, .protectOtherClasses = true});
    expectWellFormedEdit(before, labels, edit);
    EXPECT_EQ(edit.name, "Eraser");
    EXPECT_EQ(labels.at<std::uint8_t>(30, 50), 0);
    EXPECT_EQ(labels.at<std::uint8_t>(30, 150), 2);
    cv::Mat all = before.clone();
    (void)stroke(all, {{5, 30}, {195, 30}}, 12, {.classId = 3, .erase = true});
    EXPECT_EQ(all.at<std::uint8_t>(30, 150), 0);
}

TEST(Brush, StrokeThatChangesNothingGivesAnEmptyEdit) {
    cv::Mat labels(50, 50, CV_8UC1, cv::Scalar(3));
    const LabelEdit edit = stroke(labels, {{10, 10}, {40, 40}}, 4, {.classId = 3});
    EXPECT_TRUE(edit.rect.empty());
    EXPECT_EQ(editBytes(edit), 0u);
}

TEST(Brush, StrokeLeavingTheMapIsClipped) {
    cv::Mat labels = cv::Mat::zeros(50, 50, CV_8UC1);
    const cv::Mat before = labels.clone();
    const LabelEdit edit = stroke(labels, {{-30, 25}, {80, 25}, {200, 200}}, 3, {.classId = 1});
    expectWellFormedEdit(before, labels, edit);
    EXPECT_EQ(edit.rect, cv::Rect(0, 22, 50, 7));
}

TEST(Brush, RadiusStepsAreGeometricAndClamped) {
    EXPECT_EQ(nextBrushRadius(1, +1), 2);
    EXPECT_EQ(nextBrushRadius(2, -1), 1);
    EXPECT_EQ(nextBrushRadius(1, -1), kMinBrushRadius);
    EXPECT_EQ(nextBrushRadius(100, +1), 125);
    EXPECT_EQ(nextBrushRadius(125, -1), 100);
    EXPECT_EQ(nextBrushRadius(480, +1), kMaxBrushRadius);
    EXPECT_EQ(nextBrushRadius(kMaxBrushRadius, +1), kMaxBrushRadius);
    int r = 1;
    for (int i = 0; i < 100; ++i) {
        const int next = nextBrushRadius(r, +1);
        EXPECT_TRUE(next > r || r == kMaxBrushRadius);
        r = next;
    }
    EXPECT_EQ(r, kMaxBrushRadius);
}

TEST(Brush, HeldMemoryFollowsTheStrokeNotTheMap) {
    cv::Mat labels = cv::Mat::zeros(4000, 6000, CV_8UC1);  // 24 megapixels
    BrushStroke brush;
    brush.begin(labels, {1000, 1000}, 10, {.classId = 3});
    for (int i = 1; i <= 50; ++i) brush.moveTo({1000.0F + static_cast<float>(i) * 4.0F, 1000.0F});
    EXPECT_LT(brush.heldBytes(), 100'000u);  // a 221×21 stroke plus slack, not 24 MB
    const LabelEdit edit = brush.end();
    EXPECT_EQ(edit.rect, cv::Rect(990, 990, 221, 21));
    EXPECT_EQ(editBytes(edit), 2u * 221u * 21u);
}

}  // namespace
}  // namespace cicatrix::annotate
