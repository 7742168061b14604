// analyses.plane_homography (migration 7): an analysis keeps its marker's plane homography, all
// 9 numbers, through the repository; analyses without one read back without one. The 95 %
// intervals and the calibration quality (migration 8) likewise.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>

#include "library/analysis_repository.hpp"
#include "library/content_hash.hpp"
#include "library/library.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_repository.hpp"
#include "library/wound_repository.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

std::int64_t insertPhoto(SQLite::Database& db) {
    const auto patientId = PatientRepository(db).insert({0, "P", "P", std::nullopt});
    Wound wound;
    wound.patientId = patientId;
    wound.label = "W1";
    Photo p;
    p.woundId = WoundRepository(db).insert(wound);
    const std::string seed = "photo";
    p.sha256 =
        sha256Hex(std::span(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()));
    p.capturedAt = "2026-02-01T10:00:00";
    p.width = 10;
    p.height = 10;
    p.mediaType = "image/png";
    p.originalName = "x.png";
    return PhotoRepository(db).insert(p);
}

TEST(AnalysisRepository, PlaneHomographyRoundTripsAllNineNumbers) {
    test::TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library);
    const std::array<double, 9> h{0.0812345678901234,  -0.0031, -12.75, 1e-3, 0.079, -40.125,
                                  -2.345678901234e-06, 7.5e-07, 1.0};
    auto stored = (*library)->withDatabase(
        [&](SQLite::Database& db) -> Result<std::pair<std::vector<Analysis>, std::string>> {
            const auto photoId = insertPhoto(db);
            Analysis a;
            a.photoId = photoId;
            a.maskSource = "manual";
            a.maskSha256 = std::string(64, 'a');
            a.calibrationSource = "aruco";
            a.tissueMethod = "test";
            a.planeHomography = h;
            const auto withId = AnalysisRepository(db).insert(a);
            a.calibrationSource = "none";
            a.planeHomography.reset();
            AnalysisRepository(db).insert(a);
            SQLite::Statement q(db, "SELECT plane_homography FROM analyses WHERE id = ?");
            q.bind(1, withId);
            q.executeStep();
            return std::pair{AnalysisRepository(db).forPhoto(photoId), q.getColumn(0).getString()};
        });
    ASSERT_TRUE(stored) << stored.error().message;
    const auto& [analyses, text] = *stored;
    ASSERT_EQ(analyses.size(), 2u);
    ASSERT_TRUE(analyses[0].planeHomography);
    for (std::size_t k = 0; k < 9; ++k) EXPECT_EQ((*analyses[0].planeHomography)[k], h[k]) << k;
    EXPECT_FALSE(analyses[1].planeHomography);
    // The column holds a JSON array of 9 numbers, as the migration says.
    EXPECT_EQ(text.front(), '[');
    EXPECT_EQ(text.back(), ']');
    EXPECT_EQ(std::count(text.begin(), text.end(), ','), 8);
}

TEST(AnalysisRepository, IntervalsAndCalibrationQualityRoundTrip) {
    test::TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library);
    auto stored =
        (*library)->withDatabase([&](SQLite::Database& db) -> Result<std::vector<Analysis>> {
            Analysis a;
            a.photoId = insertPhoto(db);
            a.maskSource = "manual";
            a.maskSha256 = std::string(64, 'a');
            a.calibrationSource = "aruco";
            a.tissueMethod = "test";
            a.areaCm2 = 7.4;
            a.areaCm2Ci95 = ValueRange{7.21, 7.62};
            a.lengthMmCi95 = ValueRange{30.8, 31.6};
            a.widthMmCi95 = ValueRange{17.7, 18.3};
            a.calibrationQuality = "unreliable";
            a.calibrationReasons = {"marker too oblique — retake from above", "uncertain by ±12 %"};
            AnalysisRepository(db).insert(a);
            Analysis old = a;  // a ruler line: no interval, no quality
            old.calibrationSource = "manual";
            old.areaCm2Ci95.reset();
            old.lengthMmCi95.reset();
            old.widthMmCi95.reset();
            old.calibrationQuality.reset();
            old.calibrationReasons.clear();
            AnalysisRepository(db).insert(old);
            // The schema refuses a level it does not know.
            EXPECT_THROW(db.exec("UPDATE analyses SET calibration_quality = 'exact'"),
                         SQLite::Exception);
            return AnalysisRepository(db).forPhoto(a.photoId);
        });
    ASSERT_TRUE(stored) << stored.error().message;
    ASSERT_EQ(stored->size(), 2u);
    const Analysis& a = (*stored)[0];
    ASSERT_TRUE(a.areaCm2Ci95 && a.lengthMmCi95 && a.widthMmCi95);
    EXPECT_DOUBLE_EQ(a.areaCm2Ci95->low, 7.21);
    EXPECT_DOUBLE_EQ(a.areaCm2Ci95->high, 7.62);
    EXPECT_DOUBLE_EQ(a.lengthMmCi95->high, 31.6);
    EXPECT_DOUBLE_EQ(a.widthMmCi95->low, 17.7);
    EXPECT_EQ(a.calibrationQuality, "unreliable");
    ASSERT_EQ(a.calibrationReasons.size(), 2u);
    EXPECT_EQ(a.calibrationReasons[1], "uncertain by ±12 %");
    const Analysis& b = (*stored)[1];
    EXPECT_FALSE(b.areaCm2Ci95 || b.lengthMmCi95 || b.widthMmCi95 || b.calibrationQuality);
    EXPECT_TRUE(b.calibrationReasons.empty());
}

}  // namespace
}  // namespace cicatrix::library
