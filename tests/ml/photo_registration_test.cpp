// Photo registration on real dataset photos: a known synthetic transform (rotation, scale,
// translation, mild perspective, lighting and noise) is recovered within a few pixels, through
// the features path and through two ArUco markers stuck at different places; unrelated photos fail.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include "ml/calibration.hpp"
#include "ml/photo_registration.hpp"

namespace cicatrix::ml {
namespace {

const std::filesystem::path kImages =
    std::filesystem::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample" / "images";

cv::Mat photo(const std::string& name) {
    cv::Mat image = cv::imread((kImages / name).string(), cv::IMREAD_COLOR);
    EXPECT_FALSE(image.empty()) << name;
    return image;
}

cv::Point2d apply(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1.0);
    return {v[0] / v[2], v[1] / v[2]};
}

// Max over the later image's four corners of |recovered(corner) - truth(corner)| (earlier px).
double cornerError(const cv::Matx33d& recovered, const cv::Matx33d& truth, cv::Size later) {
    double worst = 0.0;
    for (const cv::Point2d p :
         {cv::Point2d(0, 0), cv::Point2d(later.width, 0), cv::Point2d(later.width, later.height),
          cv::Point2d(0, later.height)}) {
        const cv::Point2d d = apply(recovered, p) - apply(truth, p);
        worst = std::max(worst, std::hypot(d.x, d.y));
    }
    return worst;
}

// later px -> earlier px: rotation about the later centre, scale, translation, mild perspective.
cv::Matx33d laterToEarlier(cv::Size later, cv::Size earlier, double degrees, double scale,
                           cv::Point2d shift, double perspective) {
    const double a = degrees * CV_PI / 180.0;
    const cv::Matx33d centreLater(1, 0, -later.width / 2.0, 0, 1, -later.height / 2.0, 0, 0, 1);
    const cv::Matx33d tilt(1, 0, 0, 0, 1, 0, perspective, 0.5 * perspective, 1);
    const cv::Matx33d rotate(scale * std::cos(a), -scale * std::sin(a), 0, scale * std::sin(a),
                             scale * std::cos(a), 0, 0, 0, 1);
    const cv::Matx33d place(1, 0, earlier.width / 2.0 + shift.x, 0, 1,
                            earlier.height / 2.0 + shift.y, 0, 0, 1);
    return place * rotate * tilt * centreLater;
}

// The later photo: the earlier one seen through `truth`, re-lit and noisy. The later frame stays
// inside the earlier photo, so every later pixel has a true counterpart.
cv::Mat laterView(const cv::Mat& earlier, const cv::Matx33d& truth, cv::Size size, int seed) {
    cv::Mat later;
    cv::warpPerspective(earlier, later, truth, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                        cv::BORDER_REFLECT);
    later.convertTo(later, CV_8UC3, 1.15, -12.0);
    cv::Mat noise(later.size(), CV_16SC3);
    cv::theRNG().state = static_cast<std::uint64_t>(seed);
    cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(4));
    cv::Mat noisy;
    cv::add(later, noise, noisy, cv::noArray(), CV_8UC3);
    return noisy;
}

struct Case {
    const char* image;
    double degrees, scale, dx, dy, perspective;
    cv::Size later;
};

TEST(PhotoRegistration, RecoversAKnownTransformOnDatasetPhotos) {
    const Case cases[] = {
        {"0026.jpg", 8.0, 1.0, 10, -6, 0.0001, {360, 360}},
        {"0064.jpg", -12.0, 0.85, -14, 9, -0.00015, {400, 380}},
        {"0119.jpg", 15.0, 1.1, 6, 12, 0.0001, {330, 340}},
        {"0340.jpg", 5.0, 0.8, -8, -10, 0.0002, {420, 400}},
        // A later photo taken closer: it is upsampled (scale < 1 maps it into fewer earlier px).
        {"0472.jpg", -7.0, 1.2, 0, 0, 0.0, {300, 300}},
    };
    int seed = 1;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.image);
        const cv::Mat earlier = photo(c.image);
        const cv::Matx33d truth = laterToEarlier(c.later, earlier.size(), c.degrees, c.scale,
                                                 {c.dx, c.dy}, c.perspective);
        RegistrationInput input;
        input.earlier = earlier;
        input.later = laterView(earlier, truth, c.later, seed++);
        const auto r = registerPhotos(input);
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_LT(cornerError(r->laterToEarlier, truth, c.later), 3.0) << r->summary;
        EXPECT_EQ(r->method, RegistrationMethod::Features);
        EXPECT_GE(r->inliers, 20);
        EXPECT_GE(r->quality, kRegistrationUsable) << r->summary;
        EXPECT_LT(r->reprojectionErrorPx, 3.0);
    }
}

TEST(PhotoRegistration, LargePhotosAreRegisteredOnDownscaledCopiesAndScaledBack) {
    // 2048 px photos (registration works on ~1000 px copies): the homography is in full pixels.
    cv::Mat earlier;
    cv::resize(photo("0084.jpg"), earlier, {2048, 2048}, 0, 0, cv::INTER_CUBIC);
    const cv::Size later(1500, 1400);
    const cv::Matx33d truth = laterToEarlier(later, earlier.size(), 10.0, 0.95, {30, -20}, 0.00003);
    RegistrationInput input;
    input.earlier = earlier;
    input.later = laterView(earlier, truth, later, 7);
    const auto r = registerPhotos(input);
    ASSERT_TRUE(r) << r.error().message;
    // 3 px at 1000 px is about 6 px at 2048 px.
    EXPECT_LT(cornerError(r->laterToEarlier, truth, later), 6.0) << r->summary;
}

// A textured plane (a dataset photo, 4x) with a 20 mm marker stuck at `markerAt` (plane px,
// kPlanePxPerMm px per mm), photographed through `planeToPhoto`.
constexpr double kPlanePxPerMm = 10.0;

cv::Mat planeWithMarker(const cv::Mat& texture, cv::Point markerAt) {
    cv::Mat plane;
    cv::resize(texture, plane, {2048, 2048}, 0, 0, cv::INTER_CUBIC);
    const int side = static_cast<int>(kDefaultMarkerMm * kPlanePxPerMm);  // black square
    const int quiet = side / 4;  // the sticker's white margin
    cv::rectangle(
        plane, cv::Rect(markerAt.x - quiet, markerAt.y - quiet, side + 2 * quiet, side + 2 * quiet),
        cv::Scalar::all(255), cv::FILLED);
    cv::Mat marker;
    cv::cvtColor(drawArucoMarker(3, side), marker, cv::COLOR_GRAY2BGR);
    marker.copyTo(plane(cv::Rect(markerAt, marker.size())));
    return plane;
}

TEST(PhotoRegistration, MarkersStuckAtDifferentPlacesStillAlignTheWound) {
    const cv::Mat texture = photo("0206.jpg");
    const cv::Mat planeEarlier = planeWithMarker(texture, {300, 1500});
    const cv::Mat planeLater = planeWithMarker(texture, {1500, 350});  // re-stuck elsewhere
    const cv::Size size(1600, 1200);
    // Two viewpoints of the plane: different distance, rotation and tilt.
    const std::vector<cv::Point2f> region{{150, 150}, {1900, 150}, {1900, 1900}, {150, 1900}};
    const std::vector<cv::Point2f> earlierQuad{{60, 40}, {1540, 10}, {1580, 1190}, {20, 1160}};
    const std::vector<cv::Point2f> laterQuad{{200, -80}, {1650, 120}, {1450, 1400}, {-60, 1130}};
    const cv::Matx33d planeToEarlier(cv::getPerspectiveTransform(region, earlierQuad));
    const cv::Matx33d planeToLater(cv::getPerspectiveTransform(region, laterQuad));
    RegistrationInput input;
    cv::warpPerspective(planeEarlier, input.earlier, planeToEarlier, size, cv::INTER_AREA,
                        cv::BORDER_REFLECT);
    cv::warpPerspective(planeLater, input.later, planeToLater, size, cv::INTER_AREA,
                        cv::BORDER_REFLECT);
    const auto calEarlier = detectArucoCalibration(input.earlier);
    const auto calLater = detectArucoCalibration(input.later);
    ASSERT_TRUE(calEarlier) << calEarlier.error().message;
    ASSERT_TRUE(calLater) << calLater.error().message;
    input.earlierToPlane = calEarlier->imageToPlaneMm;
    input.laterToPlane = calLater->imageToPlaneMm;

    const cv::Matx33d truth = planeToEarlier * planeToLater.inv();
    const auto r = registerPhotos(input);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->method, RegistrationMethod::Markers) << r->summary;
    EXPECT_LT(cornerError(r->laterToEarlier, truth, size), 3.0) << r->summary;
    EXPECT_GE(r->quality, kRegistrationUsable) << r->summary;

    // Taken on trust alone, the two markers would misplace the wound by the distance the
    // sticker moved: the refinement on the images is what aligns it.
    const cv::Matx33d markersOnly = input.earlierToPlane->inv() * *input.laterToPlane;
    EXPECT_GT(cornerError(markersOnly, truth, size), 100.0);
}

TEST(PhotoRegistration, UnrelatedPhotosFailInsteadOfAWildHomography) {
    const std::pair<const char*, const char*> pairs[] = {
        {"0026.jpg", "0344.jpg"}, {"0064.jpg", "0206.jpg"}, {"0119.jpg", "0472.jpg"}};
    for (const auto& [a, b] : pairs) {
        SCOPED_TRACE(std::string(a) + " vs " + b);
        RegistrationInput input;
        input.earlier = photo(a);
        input.later = photo(b);
        const auto r = registerPhotos(input);
        EXPECT_FALSE(r) << r->summary;
    }
}

TEST(PhotoRegistration, EmptyInputIsAnError) {
    const auto r = registerPhotos({});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, MlErrorCode::InvalidInput);
    EXPECT_STREQ(toString(RegistrationMethod::Markers), "markers");
    EXPECT_STREQ(toString(RegistrationMethod::Ecc), "ecc");
}

}  // namespace
}  // namespace cicatrix::ml
