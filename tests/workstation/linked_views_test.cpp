// Linked zoom maths of the Compare workspace: identity, a known similarity, unregistered photos
// of different sizes, a perspective round trip, and fit / 1:1 for all viewports.
#include <gtest/gtest.h>

#include <cmath>

#include "workstation/gui/linked_views.hpp"

namespace cicatrix::workstation {
namespace {

using render::Vec2;
using render::ViewTransform;

Vec2 apply(const cv::Matx33d& h, Vec2 p) {
    const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1.0);
    return {v[0] / v[2], v[1] / v[2]};
}

TEST(LinkedViews, IdentityBetweenSameSizePhotosCopiesTheView) {
    const ViewTransform a{2.5, {300, 420}, false};
    const ViewTransform b = linkedView(a, {1000, 800}, {1000, 800}, cv::Matx33d::eye());
    EXPECT_DOUBLE_EQ(b.scale, 2.5);
    EXPECT_DOUBLE_EQ(b.center.x, 300);
    EXPECT_DOUBLE_EQ(b.center.y, 420);
    EXPECT_FALSE(b.fitMode);
}

TEST(LinkedViews, AKnownSimilarityMapsTheCentreAndDividesTheScale) {
    // Target px = 2 * rotate(30 deg) * source px + (40, -10): target -> source is its inverse.
    const double a = CV_PI / 6.0, s = 2.0;
    const cv::Matx33d sourceToTarget(s * std::cos(a), -s * std::sin(a), 40, s * std::sin(a),
                                     s * std::cos(a), -10, 0, 0, 1);
    const ViewTransform view{3.0, {250, 175}, false};
    const ViewTransform linked = linkedView(view, {600, 400}, {1400, 1000}, sourceToTarget.inv());
    const Vec2 expected = apply(sourceToTarget, view.center);
    EXPECT_NEAR(linked.center.x, expected.x, 1e-9);
    EXPECT_NEAR(linked.center.y, expected.y, 1e-9);
    EXPECT_NEAR(linked.scale, view.scale / s, 1e-12);  // twice the pixels for the same anatomy
    // The same anatomy at the same apparent size: 10 source px around the centre span as many
    // screen px as their image in the target.
    const Vec2 p = apply(sourceToTarget, {view.center.x + 10, view.center.y});
    EXPECT_NEAR(std::hypot(p.x - linked.center.x, p.y - linked.center.y) * linked.scale,
                10 * view.scale, 1e-9);
}

TEST(LinkedViews, UnregisteredPhotosOfDifferentSizesKeepTheRelativePosition) {
    const ViewTransform view{1.5, {400, 150}, false};  // a quarter across, a quarter down
    const ViewTransform linked = linkedView(view, {1600, 600}, {4000, 3000}, cv::Matx33d::eye());
    EXPECT_NEAR(linked.center.x, 1000, 1e-9);
    EXPECT_NEAR(linked.center.y, 750, 1e-9);
    // The same share of the photo's width is visible: scale * width is the same.
    EXPECT_NEAR(linked.scale * 4000, view.scale * 1600, 1e-9);
}

TEST(LinkedViews, RoundTripThroughAPerspectiveMapReturnsTheView) {
    const cv::Matx33d bToA(0.9, 0.12, 35, -0.08, 1.05, -20, 0.0001, -0.00005, 1);
    const ViewTransform a{1.75, {520, 310}, false};
    const ViewTransform b = linkedView(a, {1200, 900}, {1024, 768}, bToA);
    const ViewTransform back = linkedView(b, {1024, 768}, {1200, 900}, bToA.inv());
    EXPECT_NEAR(back.center.x, a.center.x, 1e-9);
    EXPECT_NEAR(back.center.y, a.center.y, 1e-9);
    EXPECT_NEAR(back.scale, a.scale, 1e-12);
    // And the centre of B really is A's centre seen through the map.
    const Vec2 c = apply(bToA, b.center);
    EXPECT_NEAR(c.x, a.center.x, 1e-9);
    EXPECT_NEAR(c.y, a.center.y, 1e-9);
}

TEST(LinkedViews, RoundTripOfUnregisteredDifferentSizesReturnsTheView) {
    const ViewTransform a{0.8, {123, 456}, false};
    const ViewTransform b = linkedView(a, {640, 480}, {3000, 2000}, cv::Matx33d::eye());
    const ViewTransform back = linkedView(b, {3000, 2000}, {640, 480}, cv::Matx33d::eye());
    EXPECT_NEAR(back.center.x, a.center.x, 1e-9);
    EXPECT_NEAR(back.center.y, a.center.y, 1e-9);
    EXPECT_NEAR(back.scale, a.scale, 1e-12);
}

TEST(LinkedViews, ScaleStaysWithinTheViewerLimits) {
    const cv::Matx33d tiny(0.001, 0, 0, 0, 0.001, 0, 0, 0, 1);  // target px -> source px
    const ViewTransform a{1.0, {10, 10}, false};
    EXPECT_DOUBLE_EQ(linkedView(a, {100, 100}, {100000, 100000}, tiny).scale,
                     ViewTransform::kMinScale);
}

TEST(LinkedViews, FitAllAndActualPixelsAll) {
    const Vec2 sizes[] = {{2000, 1000}, {500, 1000}};
    const render::Viewport viewports[] = {{{0, 0}, {400, 400}}, {{400, 0}, {400, 400}}};
    const auto fitted = fitAll(sizes, viewports);
    ASSERT_EQ(fitted.size(), 2u);
    EXPECT_DOUBLE_EQ(fitted[0].scale, 0.2);
    EXPECT_DOUBLE_EQ(fitted[1].scale, 0.4);
    EXPECT_TRUE(fitted[0].fitMode);
    EXPECT_DOUBLE_EQ(fitted[1].center.x, 250);
    const auto actual = actualPixelsAll(sizes);
    ASSERT_EQ(actual.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_DOUBLE_EQ(actual[i].scale, 1.0);
        EXPECT_DOUBLE_EQ(actual[i].center.x, sizes[i].x / 2);
        EXPECT_DOUBLE_EQ(actual[i].center.y, sizes[i].y / 2);
        EXPECT_FALSE(actual[i].fitMode);
    }
}

}  // namespace
}  // namespace cicatrix::workstation
