// The tissue classifier's measured error on the LUTSeg reference, inside the expert outline and
// inside the shipped model's own outline (what the GUI shows next to tissue figures).
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "support/test_images.hpp"
#include "workstation/analysis/tissue_reference.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;
const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;

// README: 14 points epithelial, 16 slough, 16 granulation, 20 necrosis (by id 1..4).
constexpr std::array<double, 4> kExpertOutlinePoints{14.0, 16.0, 16.0, 20.0};
// Measured with the shipped model (cicatrix-wound-unet 2.4.0, int8) on the same 13 photos,
// classifier inside the model's outline: 15.2 epithelial, 15.3 slough, 21.6 granulation, 15.5
// necrosis (2.2.0: 16.5, 15.6, 22.2, 16.0; 2.1.0: 16.7, 15.8, 22.2, 16.0; 2.0.0: 16.5, 15.6, 23.8,
// 15.5; 1.0.0: 16.9, 15.7, 20.7, 19.3).
constexpr std::array<double, 4> kModelOutlinePoints{15.2, 15.3, 21.6, 15.5};

TEST(TissueReference, ExpertOutlineErrorIsTheReadmeFigure) {
    const auto e = measuredTissueError(kAssets / "demo");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->images, 13);
    for (std::size_t k = 0; k < 4; ++k)
        EXPECT_LE(e->meanAbsErrorPoints[k], kExpertOutlinePoints[k] + 2.0) << "id " << k + 1;
    EXPECT_FALSE(measuredTissueError(kAssets / "no-such-folder"));
}

TEST(TissueReference, ModelOutlineErrorIsMeasuredOnceAndCached) {
    auto model = ml::SegmentationModel::load(kAssets / "models/wound-seg");
    ASSERT_TRUE(model) << model.error().message;
    // A private copy of the reference, so that removing it afterwards shows the cache answering.
    TempDir dir;
    const fs::path demo = dir / "demo", cache = dir / "cache";
    fs::copy(kAssets / "demo", demo, fs::copy_options::recursive);
    float lastProgress = 0;
    const auto e = measuredTissueErrorInModelOutline(demo, **model, cache, {},
                                                     [&](float p) { lastProgress = p; });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->images, 13);
    EXPECT_FLOAT_EQ(lastProgress, 1.0f);
    const auto expert = measuredTissueError(demo);
    ASSERT_TRUE(expert);
    for (std::size_t k = 0; k < 4; ++k) {
        std::cout << "tissue id " << k + 1 << ": " << e->meanAbsErrorPoints[k]
                  << " points inside the model's outline, " << expert->meanAbsErrorPoints[k]
                  << " inside the expert outline\n";
        EXPECT_LE(e->meanAbsErrorPoints[k], kModelOutlinePoints[k] + 2.0) << "id " << k + 1;
        EXPECT_GE(e->meanAbsErrorPoints[k], kModelOutlinePoints[k] - 2.0) << "id " << k + 1;
    }
    EXPECT_NE(e->meanAbsErrorPoints, expert->meanAbsErrorPoints);  // not the expert figure renamed
    // Without the reference, the cache answers (exactly); without cache nor reference, nothing.
    fs::remove_all(demo);
    const auto cached = measuredTissueErrorInModelOutline(demo, **model, cache);
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->images, 13);
    EXPECT_EQ(cached->meanAbsErrorPoints, e->meanAbsErrorPoints);
    EXPECT_FALSE(measuredTissueErrorInModelOutline(demo, **model));
    // A stop request before the work starts gives nothing.
    std::stop_source stop;
    stop.request_stop();
    EXPECT_FALSE(
        measuredTissueErrorInModelOutline(kAssets / "demo", **model, {}, stop.get_token()));
}

}  // namespace
}  // namespace cicatrix::workstation
