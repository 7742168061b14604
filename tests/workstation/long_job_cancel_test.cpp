// Long jobs honour cancellation while they run: analysing several library photos in a background
// job stops before the next photo once the job is cancelled. Real threads, a real library.
#include <gtest/gtest.h>

#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "library/photo_importer.hpp"
#include "ml/calibration.hpp"
#include "support/test_images.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;

// A library in `dir` holding `count` small imported photos (photo1.jpg, photo2.jpg, …).
std::vector<Photo> importPhotos(const TempDir& dir, Library& library, int count) {
    ImportTarget target{"P1",  "Patient", "W1", {}, PhotoSource::Clinic, "2026-01-05T10:00:00",
                        "test", std::nullopt};
    std::vector<Photo> photos;
    for (int seed = 1; seed <= count; ++seed) {
        const auto path = dir / ("photo" + std::to_string(seed) + ".jpg");
        writeFile(path, encodeJpeg(markedImage(320, 240, seed)));
        auto imported = PhotoImporter(library).importFile(path, target);
        EXPECT_EQ(imported.outcome, ImportOutcome::Imported) << imported.message;
        if (imported.photo)
            photos.push_back(*imported.photo);
    }
    return photos;
}

TEST(LongJobCancel, CancellingAnAnalysisStopsBeforeTheNextPhoto) {
    TempDir dir;
    auto library = Library::open(dir / "lib");
    ASSERT_TRUE(library) << library.error().message;
    const std::vector<Photo> photos = importPhotos(dir, **library, 4);
    ASSERT_EQ(photos.size(), 4u);

    std::latch firstPhotoDone(1);
    std::latch cancelled(1);
    std::optional<AnalysisBatch> batch;
    JobSystem jobs(JobSystem::workersFor(2));
    const auto id = jobs.submit(
        "Analyse: library",
        [&](JobContext& ctx) {
            // No model and no mask: each photo is decoded, then fails quickly; what matters
            // here is how many the loop attempts.
            int photosDone = 0;
            batch = analyseLibraryPhotos(**library, photos, nullptr, ml::kDefaultMarkerMm,
                                         ctx.stopToken(), [&](float fraction) {
                                             ctx.setProgress(fraction);
                                             if (++photosDone == 1) {
                                                 firstPhotoDone.count_down();
                                                 cancelled.wait();  // the user cancels now
                                             }
                                         });
        },
        JobKind::Background);
    firstPhotoDone.wait();
    jobs.cancel(id);
    cancelled.count_down();
    while (!jobs.idle()) {
        jobs.drainMainThreadQueue();
        std::this_thread::yield();
    }

    ASSERT_TRUE(batch);
    EXPECT_TRUE(batch->stopped);
    EXPECT_EQ(batch->attempted, 1);  // of 4
    EXPECT_EQ(batch->failed, 1);
    EXPECT_NE(batch->lastError.find("photo1.jpg"), std::string::npos) << batch->lastError;
}

TEST(LongJobCancel, AnUncancelledAnalysisAttemptsEveryPhoto) {
    TempDir dir;
    auto library = Library::open(dir / "lib");
    ASSERT_TRUE(library) << library.error().message;
    const std::vector<Photo> photos = importPhotos(dir, **library, 2);
    ASSERT_EQ(photos.size(), 2u);
    std::vector<float> progress;
    const auto batch = analyseLibraryPhotos(**library, photos, nullptr, ml::kDefaultMarkerMm, {},
                                            [&](float f) { progress.push_back(f); });
    EXPECT_FALSE(batch.stopped);
    EXPECT_EQ(batch.attempted, 2);
    EXPECT_EQ(batch.failed, 2);  // no model, no mask
    EXPECT_EQ(progress, (std::vector<float>{0.5f, 1.0f}));
}

}  // namespace
}  // namespace cicatrix::workstation
