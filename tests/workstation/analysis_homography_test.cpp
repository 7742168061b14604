// An ArUco-calibrated analysis stored in a real library keeps the marker's plane homography
// (image px -> plane mm), so Compare can align visits; a manual calibration stores none.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "library/analysis_repository.hpp"
#include "library/photo_importer.hpp"
#include "ml/calibration.hpp"
#include "support/test_images.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
namespace {

constexpr double kPxPerMm = 12.0;

// A skin-like plane with a 20 mm marker at (600, 500) plane px, seen in perspective; returns the
// photo and the marker's true corners in it.
std::pair<cv::Mat, std::vector<cv::Point2d>> markerPhoto() {
    cv::Mat plane(1600, 2000, CV_8UC3, cv::Scalar(150, 170, 205));
    const int side = static_cast<int>(ml::kDefaultMarkerMm * kPxPerMm);
    cv::rectangle(plane, cv::Rect(600 - 50, 500 - 50, side + 100, side + 100), cv::Scalar::all(255),
                  cv::FILLED);
    cv::Mat marker;
    cv::cvtColor(ml::drawArucoMarker(5, side), marker, cv::COLOR_GRAY2BGR);
    marker.copyTo(plane(cv::Rect(600, 500, side, side)));
    cv::ellipse(plane, {1200, 900}, {300, 180}, 15, 0, 360, cv::Scalar(60, 60, 190), cv::FILLED);
    const std::vector<cv::Point2f> from{{0, 0}, {2000, 0}, {2000, 1600}, {0, 1600}};
    const std::vector<cv::Point2f> to{{120, 60}, {1880, 150}, {1980, 1560}, {40, 1450}};
    const cv::Matx33d warp(cv::getPerspectiveTransform(from, to));
    cv::Mat photo;
    cv::warpPerspective(plane, photo, warp, cv::Size(2000, 1600), cv::INTER_LINEAR,
                        cv::BORDER_REPLICATE);
    std::vector<cv::Point2d> corners;
    for (const cv::Point2d p :
         {cv::Point2d(600, 500), cv::Point2d(600 + side, 500), cv::Point2d(600 + side, 500 + side),
          cv::Point2d(600, 500 + side)}) {
        const cv::Vec3d v = warp * cv::Vec3d(p.x, p.y, 1.0);
        corners.emplace_back(v[0] / v[2], v[1] / v[2]);
    }
    return {photo, corners};
}

TEST(AnalysisHomography, ArucoAnalysisStoresTheMarkersPlaneHomography) {
    test::TempDir dir;
    auto library = Library::open(dir / "lib");
    ASSERT_TRUE(library);
    const auto [photo, corners] = markerPhoto();
    ASSERT_TRUE(cv::imwrite((dir / "marker.png").string(), photo));
    ImportTarget target{"P1",   "Patient",   "W1", {}, PhotoSource::Clinic, "2026-01-05T10:00:00",
                        "test", std::nullopt};
    auto imported = PhotoImporter(**library).importFile(dir / "marker.png", target);
    ASSERT_EQ(imported.outcome, ImportOutcome::Imported) << imported.message;
    cv::Mat mask(photo.size(), CV_8U, cv::Scalar(0));
    cv::circle(mask, {1000, 900}, 150, cv::Scalar(255), cv::FILLED);

    auto analysis =
        analyseLibraryPhoto(**library, *imported.photo, nullptr, ml::kDefaultMarkerMm, mask);
    ASSERT_TRUE(analysis) << analysis.error().message;
    ASSERT_EQ(analysis->calibrationSource, "aruco");
    auto stored = (*library)->withDatabase([&](SQLite::Database& db) -> Result<Analysis> {
        return *AnalysisRepository(db).latestForPhoto(imported.photo->id);
    });
    ASSERT_TRUE(stored) << stored.error().message;
    ASSERT_TRUE(stored->planeHomography);
    cv::Matx33d h;
    std::copy(stored->planeHomography->begin(), stored->planeHomography->end(), h.val);
    const double s = ml::kDefaultMarkerMm;
    const cv::Point2d expected[] = {{0, 0}, {s, 0}, {s, s}, {0, s}};
    for (std::size_t k = 0; k < 4; ++k) {
        const cv::Vec3d v = h * cv::Vec3d(corners[k].x, corners[k].y, 1.0);
        EXPECT_NEAR(v[0] / v[2], expected[k].x, 0.1) << "corner " << k;
        EXPECT_NEAR(v[1] / v[2], expected[k].y, 0.1) << "corner " << k;
    }
}

TEST(AnalysisHomography, ManualCalibrationStoresNoHomography) {
    test::TempDir dir;
    auto library = Library::open(dir / "lib");
    ASSERT_TRUE(library);
    cv::Mat photo(600, 800, CV_8UC3, cv::Scalar(150, 170, 205));
    ASSERT_TRUE(cv::imwrite((dir / "plain.png").string(), photo));
    ImportTarget target{"P1",   "Patient",   "W1", {}, PhotoSource::Clinic, "2026-01-05T10:00:00",
                        "test", std::nullopt};
    auto imported = PhotoImporter(**library).importFile(dir / "plain.png", target);
    ASSERT_EQ(imported.outcome, ImportOutcome::Imported) << imported.message;
    ASSERT_TRUE((*library)->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        return AnalysisRepository(db).insertCalibration(
            {0, imported.photo->id, 100, 100, 100, 500, 40.0});
    }));
    cv::Mat mask(photo.size(), CV_8U, cv::Scalar(0));
    cv::circle(mask, {400, 300}, 80, cv::Scalar(255), cv::FILLED);
    auto analysis =
        analyseLibraryPhoto(**library, *imported.photo, nullptr, ml::kDefaultMarkerMm, mask);
    ASSERT_TRUE(analysis) << analysis.error().message;
    EXPECT_EQ(analysis->calibrationSource, "manual");
    EXPECT_FALSE(analysis->planeHomography);
}

}  // namespace
}  // namespace cicatrix::workstation
