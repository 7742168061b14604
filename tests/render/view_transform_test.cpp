// Viewer maths: fit, 1:1, zoom about the cursor, pan.
#include <gtest/gtest.h>

#include "render/view_transform.hpp"

namespace cicatrix::render {
namespace {

const Viewport kViewport{{100, 50}, {800, 600}};

TEST(ViewTransform, FitShowsTheWholeImageCentred) {
    const ViewTransform v = fitView({4000, 3000}, kViewport);
    EXPECT_DOUBLE_EQ(v.scale, 0.2);
    const Vec2 tl = imageToScreen(v, kViewport, {0, 0});
    const Vec2 br = imageToScreen(v, kViewport, {4000, 3000});
    EXPECT_NEAR(tl.x, 100, 1e-9);
    EXPECT_NEAR(tl.y, 50, 1e-9);
    EXPECT_NEAR(br.x, 900, 1e-9);
    EXPECT_NEAR(br.y, 650, 1e-9);
    const ViewTransform tall = fitView({1000, 3000}, kViewport);
    EXPECT_DOUBLE_EQ(tall.scale, 0.2);  // limited by height
}

TEST(ViewTransform, ZoomKeepsThePointUnderTheCursor) {
    const ViewTransform v = fitView({4000, 3000}, kViewport);
    const Vec2 cursor{250, 400};
    const Vec2 before = screenToImage(v, kViewport, cursor);
    const ViewTransform z = zoomAbout(v, kViewport, cursor, 3.0);
    EXPECT_DOUBLE_EQ(z.scale, 0.6);
    EXPECT_FALSE(z.fitMode);
    const Vec2 after = screenToImage(z, kViewport, cursor);
    EXPECT_NEAR(after.x, before.x, 1e-9);
    EXPECT_NEAR(after.y, before.y, 1e-9);
}

TEST(ViewTransform, ZoomIsClamped) {
    ViewTransform v = actualPixels({100, 100});
    for (int i = 0; i < 100; ++i) v = zoomAbout(v, kViewport, {500, 350}, 2.0);
    EXPECT_DOUBLE_EQ(v.scale, ViewTransform::kMaxScale);
}

TEST(ViewTransform, PanMovesTheImageWithTheMouse) {
    const ViewTransform v = actualPixels({1000, 1000});
    const Vec2 before = imageToScreen(v, kViewport, {10, 10});
    const ViewTransform p = panBy(v, {30, -20});
    const Vec2 after = imageToScreen(p, kViewport, {10, 10});
    EXPECT_NEAR(after.x - before.x, 30, 1e-9);
    EXPECT_NEAR(after.y - before.y, -20, 1e-9);
}

TEST(ViewTransform, RoundTripsBetweenSpaces) {
    const ViewTransform v{2.5, {123.0, 456.0}, false};
    const Vec2 p = screenToImage(v, kViewport, imageToScreen(v, kViewport, {77.0, 88.0}));
    EXPECT_NEAR(p.x, 77.0, 1e-9);
    EXPECT_NEAR(p.y, 88.0, 1e-9);
}

}  // namespace
}  // namespace cicatrix::render
