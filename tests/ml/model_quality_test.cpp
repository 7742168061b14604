// The shipped model's quality on held-out FUSeg photos (tests/data/fuseg-sample, never trained on):
// a floor just below what it measures, so a broken model, preprocessing or threshold fails here.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <iostream>

#include "ml/segmentation_model.hpp"

namespace cicatrix::ml {
namespace {

namespace fs = std::filesystem;
const fs::path kModelDir = fs::path(CICATRIX_TEST_ASSETS_DIR) / "models" / "wound-seg";
const fs::path kSample = fs::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample";

// Measured on the 8 sample photos with model 2.4.0 (int8) through the pipeline (aggregate Dice
// 0.855, mean per image 0.824; 2.2.0 measured 0.863 / 0.881, 2.1.0 0.859 / 0.878, 2.0.0 0.856 /
// 0.859, v1 0.663 / 0.679), with bands that shrink a picture left out — 0340.jpg has FUSeg padding
// on two sides — and islands the model is nowhere sure of dropped; floors about 0.025 below. The
// 8 are a smoke check: 2.4.0 is lower than 2.2.0 on two of them (0064, 0119: Dice 0.56 and 0.54)
// and higher on the 77 validation photos they belong to (0.827 / 0.758 vs 0.814 / 0.733).
constexpr double kAggregateDiceFloor = 0.83;
constexpr double kMeanDiceFloor = 0.80;

TEST(ModelQuality, ShippedModelKeepsItsDiceOnHeldOutFusegPhotos) {
    auto model = SegmentationModel::load(kModelDir);
    ASSERT_TRUE(model) << model.error().message;
    double inter = 0, sum = 0, diceTotal = 0;
    int images = 0;
    for (const auto& entry : fs::directory_iterator(kSample / "images")) {
        const cv::Mat photo = cv::imread(entry.path().string());
        const cv::Mat truth =
            cv::imread((kSample / "masks" / (entry.path().stem().string() + ".png")).string(),
                       cv::IMREAD_GRAYSCALE);
        ASSERT_FALSE(photo.empty()) << entry.path();
        ASSERT_EQ(truth.size(), photo.size()) << entry.path();
        auto seg = (*model)->segment(photo);
        ASSERT_TRUE(seg) << seg.error().message;
        const cv::Mat t = truth > 127, p = seg->mask > 0;
        const double i = cv::countNonZero(t & p), s = cv::countNonZero(t) + cv::countNonZero(p);
        const double dice = s == 0 ? 1.0 : 2.0 * i / s;
        std::cout << entry.path().filename().string() << ": Dice " << dice
                  << ", boundary uncertainty " << seg->meanUncertainty << "\n";
        inter += i, sum += s, diceTotal += dice;
        ++images;
    }
    ASSERT_EQ(images, 8);
    const double aggregate = 2.0 * inter / sum, mean = diceTotal / images;
    std::cout << "aggregate Dice " << aggregate << ", mean Dice " << mean << "\n";
    EXPECT_GE(aggregate, kAggregateDiceFloor);
    EXPECT_GE(mean, kMeanDiceFloor);
}

}  // namespace
}  // namespace cicatrix::ml
