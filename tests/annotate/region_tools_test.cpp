// Polygon fill/cut, flood fill, GrabCut and superpixel paint on synthetic maps and photos with
// known answers; every edit reverts exactly and changes nothing outside its rectangle.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "annotate/flood_fill.hpp"
#include "annotate/grabcut_refine.hpp"
#include "annotate/polygon_tools.hpp"
#include "annotate/superpixels.hpp"
#include "tool_checks.hpp"

namespace cicatrix::annotate {
namespace {

using test::runChecked;

int count(const cv::Mat& labels, int id) {
    cv::Mat m;
    cv::compare(labels, id, m, cv::CMP_EQ);
    return cv::countNonZero(m);
}

double dice(const cv::Mat& a, const cv::Mat& b) {
    const double inter = cv::countNonZero(a & b);
    return 2.0 * inter / (cv::countNonZero(a) + cv::countNonZero(b));
}

// A photo in two halves of strongly different colour, with mild noise so nothing is uniform.
cv::Mat twoColourPhoto(cv::Size size, int splitX) {
    cv::Mat photo(size, CV_8UC3);
    photo(cv::Rect(0, 0, splitX, size.height)).setTo(cv::Scalar(60, 60, 200));
    photo(cv::Rect(splitX, 0, size.width - splitX, size.height)).setTo(cv::Scalar(200, 200, 60));
    cv::Mat noise(size, CV_8UC3);
    cv::theRNG().state = 1234;
    cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(12));
    photo += noise;
    return photo;
}

TEST(PolygonTools, FillCoversThePolygonAreaAndCutClearsIt) {
    cv::Mat labels = cv::Mat::zeros(300, 300, CV_8UC1);
    const std::vector<cv::Point> poly{{50, 40}, {250, 60}, {200, 250}, {70, 200}};
    const LabelEdit edit =
        runChecked(labels, [&](cv::Mat& m) { return polygonFill(m, poly, {.classId = 3}); });
    EXPECT_EQ(edit.name, "Polygon fill");
    const double area = cv::contourArea(poly);
    EXPECT_NEAR(count(labels, 3), area, area * 0.03);
    EXPECT_EQ(edit.rect, cv::boundingRect(poly));
    EXPECT_EQ(labels.at<std::uint8_t>(150, 150), 3);
    EXPECT_EQ(labels.at<std::uint8_t>(20, 20), 0);

    const std::vector<cv::Point> cut{{100, 100}, {160, 100}, {160, 160}, {100, 160}};
    const LabelEdit cutEdit =
        runChecked(labels, [&](cv::Mat& m) { return polygonCut(m, cut, {.classId = 3}); });
    EXPECT_EQ(cutEdit.name, "Polygon cut");
    EXPECT_EQ(cutEdit.rect, cv::Rect(100, 100, 61, 61));
    EXPECT_EQ(labels.at<std::uint8_t>(130, 130), 0);
    EXPECT_EQ(labels.at<std::uint8_t>(180, 180), 3);
}

TEST(PolygonTools, FillHonoursProtectAndInsideWound) {
    cv::Mat labels = cv::Mat::zeros(100, 100, CV_8UC1);
    labels(cv::Rect(20, 20, 30, 30)).setTo(2);
    const std::vector<cv::Point> all{{0, 0}, {99, 0}, {99, 99}, {0, 99}};
    cv::Mat inside = labels.clone();
    (void)runChecked(labels, [&](cv::Mat& m) {
        return polygonFill(m, all, {.classId = 4, .protectOtherClasses = true});
    });
    EXPECT_EQ(count(labels, 2), 900);
    EXPECT_EQ(count(labels, 4), 10000 - 900);
    (void)runChecked(inside, [&](cv::Mat& m) {
        return polygonFill(m, all, {.classId = 4, .insideWoundOnly = true});
    });
    EXPECT_EQ(count(inside, 4), 900);
    EXPECT_EQ(count(inside, 0), 10000 - 900);
}

TEST(PolygonTools, DegenerateOrOutsidePolygonChangesNothing) {
    cv::Mat labels = cv::Mat::zeros(50, 50, CV_8UC1);
    const std::vector<cv::Point> line{{1, 1}, {40, 40}};
    EXPECT_TRUE(polygonFill(labels, line, {.classId = 3}).rect.empty());
    const std::vector<cv::Point> away{{100, 100}, {150, 100}, {150, 150}};
    EXPECT_TRUE(polygonFill(labels, away, {.classId = 3}).rect.empty());
    EXPECT_EQ(count(labels, 0), 2500);
}

TEST(FloodFill, StopsAtAColourEdge) {
    const cv::Mat photo = twoColourPhoto({200, 120}, 80);
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    const LabelEdit edit = runChecked(labels, [&](cv::Mat& m) {
        return floodFill(m, photo, {20, 60}, 20.0, {.classId = 3});
    });
    EXPECT_EQ(edit.rect, cv::Rect(0, 0, 80, 120));
    EXPECT_EQ(count(labels, 3), 80 * 120);
    // A tolerance wider than the edge's contrast crosses it.
    cv::Mat wide = cv::Mat::zeros(photo.size(), CV_8UC1);
    (void)runChecked(wide, [&](cv::Mat& m) {
        return floodFill(m, photo, {20, 60}, 200.0, {.classId = 3});
    });
    EXPECT_EQ(count(wide, 3), 200 * 120);
}

TEST(FloodFill, ProtectedPixelsAreWalls) {
    const cv::Mat photo(100, 100, CV_8UC3, cv::Scalar(100, 100, 100));
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    labels(cv::Rect(50, 0, 2, 100)).setTo(2);  // a slough line across the uniform photo
    (void)runChecked(labels, [&](cv::Mat& m) {
        return floodFill(m, photo, {10, 10}, 5.0, {.classId = 3, .protectOtherClasses = true});
    });
    EXPECT_EQ(count(labels, 3), 50 * 100);
    EXPECT_EQ(count(labels, 2), 200);
    // Seeding on a protected pixel changes nothing.
    EXPECT_TRUE(floodFill(labels, photo, {50, 50}, 5.0, {.classId = 3, .protectOtherClasses = true})
                    .rect.empty());
}

cv::Mat discPhoto(cv::Mat& truth) {
    cv::Mat photo(240, 320, CV_8UC3, cv::Scalar(128, 128, 128));
    truth = cv::Mat::zeros(photo.size(), CV_8UC1);
    cv::circle(photo, {160, 120}, 60, cv::Scalar(30, 30, 210), cv::FILLED);
    cv::circle(truth, {160, 120}, 60, cv::Scalar(255), cv::FILLED);
    cv::Mat noise(photo.size(), CV_8UC3);
    cv::theRNG().state = 99;
    cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(6));
    cv::add(photo, noise, photo);
    return photo;
}

TEST(GrabCut, SeparatesARedDiscFromALooseBox) {
    cv::Mat truth;
    const cv::Mat photo = discPhoto(truth);
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    const GrabCutInput input{.box = cv::Rect(70, 30, 180, 180)};
    LabelEdit edit;
    (void)runChecked(labels, [&](cv::Mat& m) {
        auto result = grabCutRefine(m, photo, input, {.classId = 3});
        EXPECT_TRUE(result.has_value());
        edit = result.value_or(LabelEdit{});
        return edit;
    });
    EXPECT_EQ(edit.name, "GrabCut");
    EXPECT_GT(dice(labels == 3, truth), 0.9);
    EXPECT_EQ((edit.rect & input.box), edit.rect);  // painted only within the box
}

TEST(GrabCut, ScribblesAloneRefineTheCurrentLabels) {
    cv::Mat truth;
    const cv::Mat photo = discPhoto(truth);
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    cv::rectangle(labels, cv::Rect(110, 70, 100, 100), cv::Scalar(3), cv::FILLED);  // rough box
    const GrabCutInput input{.foreground = {{160, 120}}, .background = {{100, 60}, {220, 180}}};
    const cv::Mat before = labels.clone();
    (void)runChecked(labels, [&](cv::Mat& m) {
        auto result = grabCutRefine(m, photo, input, {.classId = 3});
        EXPECT_TRUE(result.has_value());
        return result.value_or(LabelEdit{});
    });
    EXPECT_GT(dice(labels == 3, truth), dice(before == 3, truth));
    EXPECT_GT(dice(labels == 3, truth), 0.9);
}

TEST(GrabCut, NothingToSeparateIsAnError) {
    cv::Mat truth;
    const cv::Mat photo = discPhoto(truth);
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    EXPECT_FALSE(grabCutRefine(labels, photo, {}, {.classId = 3}).has_value());
    // Scribbles only, with no labelled or foreground pixel: no object to model.
    EXPECT_FALSE(
        grabCutRefine(labels, photo, {.background = {{10, 10}}}, {.classId = 3}).has_value());
    EXPECT_EQ(count(labels, 0), photo.rows * photo.cols);
}

TEST(Superpixels, PaintFillsTheRegionUnderThePointNotAcrossAnEdge) {
    const cv::Mat photo = twoColourPhoto({240, 160}, 120);
    auto superpixels = Superpixels::compute(photo);
    ASSERT_TRUE(superpixels.has_value()) << superpixels.error().message;
    EXPECT_GT(superpixels->count(), 4);
    EXPECT_EQ(superpixels->size(), photo.size());
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    const cv::Point click{110, 80};  // 10 px left of the edge
    const LabelEdit edit = runChecked(
        labels, [&](cv::Mat& m) { return superpixels->paint(m, click, {.classId = 2}); });
    EXPECT_EQ(labels.at<std::uint8_t>(click), 2);
    EXPECT_GT(count(labels, 2), 20);
    EXPECT_EQ(cv::countNonZero(labels(cv::Rect(120, 0, 120, 160))), 0) << "crossed the edge";
    EXPECT_EQ(edit.rect, superpixels->bounds(superpixels->ids().at<int>(click)));
    const cv::Mat boundaries = superpixels->boundaryMask();
    cv::Mat nearEdge;  // per row: a boundary within 3 px of the colour edge
    cv::reduce(boundaries(cv::Rect(116, 0, 7, 160)), nearEdge, 1, cv::REDUCE_MAX);
    EXPECT_GE(cv::countNonZero(nearEdge), 155);
}

TEST(Superpixels, LargePhotoIsSegmentedDownscaledButLabelledAtFullSize) {
    const cv::Mat photo = twoColourPhoto({1800, 1000}, 900);
    auto superpixels = Superpixels::compute(photo);
    ASSERT_TRUE(superpixels.has_value());
    EXPECT_EQ(superpixels->ids().size(), photo.size());
    cv::Mat labels = cv::Mat::zeros(photo.size(), CV_8UC1);
    const LabelEdit edit = superpixels->paint(labels, {950, 500}, {.classId = 6});
    EXPECT_FALSE(edit.rect.empty());
    EXPECT_EQ(cv::countNonZero(labels(cv::Rect(0, 0, 900, 1000))), 0);
    EXPECT_LT(edit.rect.area(), 200 * 200);  // one superpixel, not the photo
}

}  // namespace
}  // namespace cicatrix::annotate
