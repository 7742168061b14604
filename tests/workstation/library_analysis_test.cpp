// Analyses stored in a real library: append-only, manual calibration used, masks in the store,
// trends and alerts from stored rows.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "library/analysis_repository.hpp"
#include "library/photo_importer.hpp"
#include "support/test_images.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/analysis/measurement_text.hpp"
#include "workstation/analysis/wound_trends.hpp"
#include "workstation/demo_photo_fixture.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;
const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;

using LibraryAnalysis = DemoPhotoLibrary;

TEST_F(LibraryAnalysis, ReanalysingAddsARowAndKeepsTheOldOne) {
    auto model = ml::SegmentationModel::load(kAssets / "models/wound-seg", 1);
    ASSERT_TRUE(model) << model.error().message;
    auto first = analyseLibraryPhoto(*m_library, m_photo, model->get(), ml::kDefaultMarkerMm);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->maskSource, "model");
    EXPECT_EQ(first->modelName, (*model)->card().name);
    EXPECT_EQ(first->calibrationSource, "none");
    EXPECT_FALSE(first->areaCm2);
    auto second = analyseLibraryPhoto(*m_library, m_photo, nullptr, ml::kDefaultMarkerMm, m_expert);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->maskSource, "manual");
    EXPECT_DOUBLE_EQ(second->areaPx, cv::countNonZero(m_expert > 127));
    auto all = m_library->withDatabase([&](SQLite::Database& db) -> Result<std::vector<Analysis>> {
        return AnalysisRepository(db).forPhoto(m_photo.id);
    });
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, first->id);
    EXPECT_EQ((*all)[0].areaPx, first->areaPx);  // untouched
    // Who drew each outline reads back: the model with the pipeline around it, or a person.
    EXPECT_EQ((*all)[0].modelPipeline, ml::kSegmentationPipeline);
    EXPECT_EQ(outlineText((*all)[0]), (*model)->card().name + " " + (*model)->card().version +
                                          " (pipeline " +
                                          std::to_string(ml::kSegmentationPipeline) + ")");
    EXPECT_FALSE((*all)[1].modelPipeline);
    EXPECT_EQ(outlineText((*all)[1]), "manual mask");
    // The stored mask reads back identical.
    auto mask = loadStoredMask(*m_library, second->maskSha256);
    ASSERT_TRUE(mask);
    EXPECT_EQ(cv::countNonZero(*mask != ((m_expert > 127) & 255)), 0);
}

TEST_F(LibraryAnalysis, AnAnalysisFromBeforeThePipelineWasRecordedClaimsNone) {
    auto model = ml::SegmentationModel::load(kAssets / "models/wound-seg", 1);
    ASSERT_TRUE(model) << model.error().message;
    auto analysis = analyseLibraryPhoto(*m_library, m_photo, model->get(), ml::kDefaultMarkerMm);
    ASSERT_TRUE(analysis) << analysis.error().message;
    // As schema 8 left it: the column is NULL on every older row.
    ASSERT_TRUE(m_library->withDatabase([&](SQLite::Database& db) -> Result<int> {
        return db.exec("UPDATE analyses SET model_pipeline = NULL");
    }));
    auto stored = m_library->withDatabase([&](SQLite::Database& db) -> Result<Analysis> {
        return *AnalysisRepository(db).latestForPhoto(m_photo.id);
    });
    ASSERT_TRUE(stored);
    EXPECT_FALSE(stored->modelPipeline);
    EXPECT_EQ(outlineText(*stored), (*model)->card().name + " " + (*model)->card().version);
}

TEST_F(LibraryAnalysis, ManualCalibrationGivesSquareCentimetres) {
    ASSERT_TRUE(m_library->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        return AnalysisRepository(db).insertCalibration(
            {0, m_photo.id, 100, 100, 100, 600, 50.0});  // 0.1 mm/px
    }));
    auto a = analyseLibraryPhoto(*m_library, m_photo, nullptr, ml::kDefaultMarkerMm, m_expert);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->calibrationSource, "manual");
    ASSERT_TRUE(a->areaCm2);
    EXPECT_NEAR(*a->areaCm2, a->areaPx * 0.01 / 100.0, 1e-9);
    EXPECT_NEAR(*a->mmPerPixel, 0.1, 1e-12);
}

TEST_F(LibraryAnalysis, TrendsComeFromTheLatestAnalysisOfEachPhoto) {
    ASSERT_TRUE(m_library->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        return AnalysisRepository(db).insertCalibration({0, m_photo.id, 0, 0, 0, 1000, 100.0});
    }));
    // Two analyses of the same photo: the expert outline, then a corrected (smaller) one.
    auto first = analyseLibraryPhoto(*m_library, m_photo, nullptr, ml::kDefaultMarkerMm, m_expert);
    ASSERT_TRUE(first) << first.error().message;
    cv::Mat smaller;
    cv::erode(m_expert, smaller, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
    auto second = analyseLibraryPhoto(*m_library, m_photo, nullptr, ml::kDefaultMarkerMm, smaller);
    ASSERT_TRUE(second) << second.error().message;
    ASSERT_TRUE(first->areaCm2 && second->areaCm2);
    ASSERT_LT(*second->areaCm2, *first->areaCm2 - 0.01);
    for (const bool allWounds : {true, false}) {
        auto rows = m_library->withDatabase(
            [&](SQLite::Database& db) -> Result<std::vector<PlacedAnalysis>> {
                AnalysisRepository repo(db);
                return allWounds ? repo.latestForAllWounds() : repo.latestForWound(m_photo.woundId);
            });
        ASSERT_TRUE(rows);
        ASSERT_EQ(rows->size(), 1u) << "one row per photo";
        EXPECT_EQ((*rows)[0].analysis.id, second->id);
        EXPECT_EQ((*rows)[0].capturedAt, "2026-01-05T10:00:00");
        const auto trends = trendsByWound(*rows, {});
        ASSERT_EQ(trends.size(), 1u);
        const ml::HealingTrend& t = trends.begin()->second;
        EXPECT_EQ(t.calibratedPoints, 1);
        ASSERT_TRUE(t.latestAreaCm2);
        EXPECT_DOUBLE_EQ(*t.latestAreaCm2, *second->areaCm2);
        EXPECT_DOUBLE_EQ(*t.baselineAreaCm2,
                         *second->areaCm2);  // the superseded analysis is no baseline
        EXPECT_TRUE(t.alerts.empty());
    }
}

}  // namespace
}  // namespace cicatrix::workstation
