// The overlay draws what the analysis stored: its length and width segments (perspective-corrected
// ones included) and its tissue label map, read back from a real library; older analyses without
// them get the same figures again when uncalibrated and no axes when calibrated.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "library/analysis_repository.hpp"
#include "library/photo_importer.hpp"
#include "ml/wound_measurement.hpp"
#include "support/test_images.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/demo_photo_fixture.hpp"
#include "workstation/gui/overlay_pixels.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;
const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;

class OverlayPixelsTest : public DemoPhotoLibrary {
  protected:
    void SetUp() override {
        DemoPhotoLibrary::SetUp();
        auto analysis =
            analyseLibraryPhoto(*m_library, m_photo, nullptr, ml::kDefaultMarkerMm, m_expert);
        ASSERT_TRUE(analysis) << analysis.error().message;
        m_analysis = *analysis;
    }
    const cv::Mat& m_mask = m_expert;
    Analysis m_analysis;
};

TEST_F(OverlayPixelsTest, DrawsTheStoredSegmentsAndTissueMap) {
    ASSERT_TRUE(m_analysis.lengthSegment && m_analysis.widthSegment && m_analysis.tissueSha256);
    // Read back from the database: what was stored is what the overlay gets.
    auto stored =
        m_library->withReader([&](SQLite::Database& db) -> Result<std::optional<Analysis>> {
            return AnalysisRepository(db).latestForPhoto(m_photo.id);
        });
    ASSERT_TRUE(stored && *stored);
    Analysis a = **stored;
    ASSERT_TRUE(a.lengthSegment);
    EXPECT_DOUBLE_EQ(a.lengthSegment->x1, m_analysis.lengthSegment->x1);
    EXPECT_DOUBLE_EQ(a.widthSegment->y2, m_analysis.widthSegment->y2);
    // A calibrated analysis stores other (perspective-corrected) axes than the pixel ones: the
    // overlay must draw those, not measure the mask again.
    a.calibrationSource = "aruco";
    a.lengthSegment = ImageSegment{10, 20, 110, 220};
    a.widthSegment = ImageSegment{30, 40, 50, 60};
    DecodedPhotos decoded(*m_library);
    auto pixels = makeOverlayPixels(*m_library, m_photo, a, decoded);
    ASSERT_TRUE(pixels) << pixels.error().message;
    ASSERT_TRUE(pixels->length && pixels->width);
    EXPECT_DOUBLE_EQ(pixels->length->x2, 110);
    EXPECT_DOUBLE_EQ(pixels->width->y1, 40);
    EXPECT_FALSE(pixels->tissueRecomputed);
    // Full resolution layers, the tissue layer coloured exactly where the mask is.
    EXPECT_EQ(pixels->tissueRgba.size(), cv::Size(m_photo.width, m_photo.height));
    EXPECT_EQ(pixels->woundMask.size(), cv::Size(m_photo.width, m_photo.height));
    std::vector<cv::Mat> channels;
    cv::split(pixels->tissueRgba, channels);
    EXPECT_EQ(cv::countNonZero(channels[3] != (m_mask > 0)), 0);
    EXPECT_FALSE(pixels->outline.empty());
}

TEST_F(OverlayPixelsTest, OlderAnalysesWithoutStoredDrawingsFallBackHonestly) {
    Analysis older = m_analysis;
    older.lengthSegment.reset();
    older.widthSegment.reset();
    older.tissueSha256.reset();
    DecodedPhotos decoded(*m_library);
    auto uncalibrated = makeOverlayPixels(*m_library, m_photo, older, decoded);
    ASSERT_TRUE(uncalibrated) << uncalibrated.error().message;
    EXPECT_TRUE(uncalibrated->tissueRecomputed);
    const ml::WoundGeometry g = ml::measureWound(m_mask, std::nullopt);
    ASSERT_TRUE(uncalibrated->length);
    EXPECT_DOUBLE_EQ(uncalibrated->length->x1, g.lengthA.x);
    EXPECT_DOUBLE_EQ(uncalibrated->width->y2, g.widthB.y);
    older.calibrationSource = "aruco";
    auto calibrated = makeOverlayPixels(*m_library, m_photo, older, decoded);
    ASSERT_TRUE(calibrated);
    EXPECT_FALSE(calibrated->length) << "perspective-corrected axes cannot be rebuilt from pixels";
}

TEST(MaskOutline, FollowsTheMaskBorder) {
    cv::Mat mask = cv::Mat::zeros(100, 100, CV_8U);
    cv::rectangle(mask, cv::Rect(20, 30, 40, 20), cv::Scalar(255), cv::FILLED);
    const Outline outline = maskOutline(mask);
    ASSERT_EQ(outline.size(), 1u);
    ASSERT_EQ(outline[0].size(), 4u);
    for (const render::Vec2& p : outline[0]) {
        EXPECT_TRUE(p.x == 20.5 || p.x == 59.5) << p.x;
        EXPECT_TRUE(p.y == 30.5 || p.y == 49.5) << p.y;
    }
}

}  // namespace
}  // namespace cicatrix::workstation
