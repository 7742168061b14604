// `cicatrix analyze` and `cicatrix eval` as a user runs them, checked against independent
// computations: pixel counts of the given mask, a synthetic ArUco scene of known area, and Dice
// recomputed here from the predicted masks the command saved.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ml/calibration.hpp"
#include "ml/segmentation_model.hpp"
#include "support/marker_scene.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;
const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;
const fs::path kSample = fs::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample";

nlohmann::json runJson(const std::string& args) {
    const ProcessResult r = runCommand(std::string(CICATRIX_BINARY) + " " + args);
    EXPECT_EQ(r.exitCode, 0) << args << "\n" << r.output;
    const auto start = r.output.find('{');
    if (start == std::string::npos)
        return {};
    return nlohmann::json::parse(r.output.substr(start), nullptr, false);
}

TEST(CliAnalyze, GivenMaskIsMeasuredInPixelsWithoutCalibration) {
    const fs::path photo = kAssets / "demo/Patient_20/P20T_3.jpg";
    const fs::path mask = kAssets / "demo/wound_masks/Patient_20/P20T_3.png";
    const nlohmann::json j =
        runJson("analyze " + quote(photo.string()) + " --mask " + quote(mask.string()) + " --json");
    const cv::Mat m = cv::imread(mask.string(), cv::IMREAD_GRAYSCALE);
    EXPECT_DOUBLE_EQ(j["area_px"].get<double>(), cv::countNonZero(m > 127));
    EXPECT_FALSE(j.contains("area_cm2"));  // never cm² without a calibration
    EXPECT_EQ(j["calibrated"], false);
    EXPECT_EQ(j["calibration"]["source"], "none");
    EXPECT_EQ(j["mask_source"], "manual");
    EXPECT_TRUE(j["model"].is_null());
    double total = 0;
    for (const auto& [k, v] : j["tissue_percent"].items()) total += v.get<double>();
    EXPECT_NEAR(total, 100.0, 1e-6);
    EXPECT_NE(j["tissue_method"].get<std::string>().find("experimental"), std::string::npos);
}

// The JSON keys and the summary line are contracts for scripts: names come from annotate's table
// now, but must read exactly as before.
TEST(CliAnalyze, TissueKeysAndSummaryLineKeepTheirWording) {
    const fs::path photo = kAssets / "demo/Patient_20/P20T_3.jpg";
    const fs::path mask = kAssets / "demo/wound_masks/Patient_20/P20T_3.png";
    const nlohmann::json j =
        runJson("analyze " + quote(photo.string()) + " --mask " + quote(mask.string()) + " --json");
    std::vector<std::string> keys;
    for (const auto& [k, v] : j["tissue_percent"].items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{"epithelial", "granulation", "necrotic", "slough"}));
    const ProcessResult r = runCommand(std::string(CICATRIX_BINARY) + " analyze " +
                                       quote(photo.string()) + " --mask " + quote(mask.string()));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto pct = [&](const char* key) {
        return fmt::format("{:.0f} %", j["tissue_percent"][key].get<double>());
    };
    const std::string expected = "  tissue (experimental): granulation " + pct("granulation") +
                                 ", slough " + pct("slough") + ", necrosis " + pct("necrotic") +
                                 ", epithelial " + pct("epithelial") + "\n";
    EXPECT_NE(r.output.find(expected), std::string::npos) << r.output;
}

TEST(CliAnalyze, ModelRunRecordsItsVersion) {
    const nlohmann::json j =
        runJson("analyze " + quote((kAssets / "demo/Patient_34/P34T_2.jpg").string()) + " --json");
    EXPECT_EQ(j["mask_source"], "model");
    EXPECT_EQ(j["model"]["name"], "cicatrix-wound-unet");
    EXPECT_FALSE(j["model"]["version"].get<std::string>().empty());
    EXPECT_EQ(j["model"]["pipeline"], ml::kSegmentationPipeline);
    EXPECT_EQ(j["width"], 288);
    EXPECT_GE(j["area_px"].get<double>(), 0.0);
}

TEST(CliAnalyze, ArucoPhotoGivesCalibratedSquareCentimetres) {
    TempDir dir;
    // 10 px/mm flat scene: a 20 mm marker and a 40 × 25 mm rectangle "wound" (10 cm²).
    cv::Mat photo(1200, 1600, CV_8UC3, cv::Scalar(150, 170, 205));
    cv::rectangle(photo, cv::Rect(150, 150, 320, 320), cv::Scalar(255, 255, 255), cv::FILLED);
    cv::Mat marker;
    cv::cvtColor(ml::drawArucoMarker(3, 200), marker, cv::COLOR_GRAY2BGR);
    marker.copyTo(photo(cv::Rect(210, 210, 200, 200)));
    cv::Mat mask(photo.size(), CV_8U, cv::Scalar(0));
    cv::rectangle(mask, cv::Rect(800, 500, 400, 250), cv::Scalar(255), cv::FILLED);
    photo.setTo(cv::Scalar(50, 50, 180), mask);
    cv::imwrite((dir / "scene.png").string(), photo);
    cv::imwrite((dir / "mask.png").string(), mask);
    const nlohmann::json j = runJson("analyze " + quote((dir / "scene.png").string()) + " --mask " +
                                     quote((dir / "mask.png").string()) + " --marker-mm 20 --json");
    ASSERT_TRUE(j.contains("area_cm2")) << j.dump();
    EXPECT_NEAR(j["area_cm2"].get<double>(), 10.0, 0.2);
    EXPECT_NEAR(j["length_mm"].get<double>(), std::hypot(40.0, 25.0), 1.0);
    EXPECT_EQ(j["calibration"]["source"], "aruco");
    // A bare marker (id 3, no sticker) still gives the 95 % intervals and the quality flag; the
    // true 10 cm² is inside, the interval is tight on this sharp face-on photo.
    ASSERT_TRUE(j.contains("area_cm2_ci95")) << j.dump();
    const double low = j["area_cm2_ci95"][0], high = j["area_cm2_ci95"][1];
    EXPECT_LE(low, j["area_cm2"].get<double>());
    EXPECT_GE(high, j["area_cm2"].get<double>());
    EXPECT_LT(low, 10.0);
    EXPECT_GT(high, 10.0);
    EXPECT_LT(high - low, 0.4);
    for (const char* key : {"length_mm_ci95", "width_mm_ci95"}) {
        ASSERT_TRUE(j[key].is_array() && j[key].size() == 2) << key;
        EXPECT_LT(j[key][0].get<double>(), j[key][1].get<double>());
    }
    EXPECT_EQ(j["calibration_quality"]["level"], "good") << j["calibration_quality"].dump();
    EXPECT_TRUE(j["calibration_quality"]["reason"].is_null());
    EXPECT_NEAR(j["calibration_quality"]["tilt_deg"].get<double>(), 0.0, 3.0);
    EXPECT_TRUE(j["calibration_quality"]["sticker_ruler_off_mm"].is_null());  // no sticker here

    // Seen at a steep angle (a synthetic bedside photo, 63°) the flag says why before the
    // number, in the text output too.
    test::SceneConditions steepView;
    steepView.tiltDeg = 63;
    steepView.markerSidePx = 110;
    const test::MarkerScene scene = test::renderMarkerScene(steepView);
    cv::imwrite((dir / "steep.png").string(), scene.bgr);
    cv::imwrite((dir / "steep-mask.png").string(), scene.woundMask);
    const auto args = " " + quote((dir / "steep.png").string()) + " --mask " +
                      quote((dir / "steep-mask.png").string());
    const nlohmann::json s = runJson("analyze" + args + " --json");
    ASSERT_TRUE(s.contains("area_cm2_ci95")) << s.dump();
    EXPECT_EQ(s["calibration_quality"]["level"], "unreliable") << s["calibration_quality"].dump();
    EXPECT_EQ(s["calibration_quality"]["reason"], "marker too oblique — retake from above");
    EXPECT_GT(s["calibration_quality"]["tilt_deg"].get<double>(), 60.0);
    const std::string text = runCommand(std::string(CICATRIX_BINARY) + " analyze" + args).output;
    const auto verdict =
        text.find("measurement: UNRELIABLE — marker too oblique — retake from above");
    ASSERT_NE(verdict, std::string::npos) << text;
    EXPECT_LT(verdict, text.find("area ≈"));  // the flag before the number, never shown as exact
}

TEST(CliAnalyze, APrintedStickerIsCheckedByItsRuler) {
    TempDir dir;
    // The sticker as `calibration-sticker` writes it, at 300 dpi (11.8 px/mm), on skin beside a
    // 30 × 20 mm wound (6 cm²).
    const ProcessResult printed =
        runCommand(std::string(CICATRIX_BINARY) + " calibration-sticker --id 9 --dpi 300 --out " +
                   quote((dir / "sticker.png").string()));
    ASSERT_EQ(printed.exitCode, 0) << printed.output;
    EXPECT_NE(printed.output.find("id 9, 20.0 mm, print at 300 dpi"), std::string::npos)
        << printed.output;
    const cv::Mat sticker = cv::imread((dir / "sticker.png").string());
    ASSERT_FALSE(sticker.empty());
    cv::Mat photo(1400, 1800, CV_8UC3, cv::Scalar(150, 170, 205));
    sticker.copyTo(photo(cv::Rect(cv::Point(900, 300), sticker.size())));
    cv::Mat mask(photo.size(), CV_8U, cv::Scalar(0));
    const double pxPerMm = 300 / 25.4;
    cv::rectangle(mask,
                  cv::Rect(200, 500, static_cast<int>(std::lround(30 * pxPerMm)),
                           static_cast<int>(std::lround(20 * pxPerMm))),
                  cv::Scalar(255), cv::FILLED);
    photo.setTo(cv::Scalar(50, 50, 180), mask);
    cv::imwrite((dir / "photo.png").string(), photo);
    cv::imwrite((dir / "mask.png").string(), mask);
    const nlohmann::json j = runJson("analyze " + quote((dir / "photo.png").string()) + " --mask " +
                                     quote((dir / "mask.png").string()) + " --json");
    ASSERT_TRUE(j.contains("area_cm2")) << j.dump();
    EXPECT_NEAR(j["area_cm2"].get<double>(), 6.0, 0.1);
    const auto& q = j["calibration_quality"];
    ASSERT_TRUE(q["sticker_ruler_off_mm"].is_number()) << q.dump();
    EXPECT_LT(q["sticker_ruler_off_mm"].get<double>(), 0.15);
    EXPECT_EQ(q["level"], "good") << q.dump();
    EXPECT_NE(j["calibration"]["detail"].get<std::string>().find("sticker ruler agrees"),
              std::string::npos)
        << j["calibration"].dump();
}

TEST(CliAnalyze, RejectsBadInputClearly) {
    TempDir dir;
    writeFile(dir / "broken.jpg", {0xFF, 0xD8, 0xFF, 0xE0});
    ProcessResult r = runCommand(std::string(CICATRIX_BINARY) + " analyze " +
                                 quote((dir / "broken.jpg").string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("truncated"), std::string::npos) << r.output;
    cv::imwrite((dir / "small-mask.png").string(), cv::Mat(10, 10, CV_8U, cv::Scalar(255)));
    r = runCommand(std::string(CICATRIX_BINARY) + " analyze " +
                   quote((kAssets / "demo/Patient_34/P34T_2.jpg").string()) + " --mask " +
                   quote((dir / "small-mask.png").string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("photo's size"), std::string::npos) << r.output;
    r = runCommand(std::string(CICATRIX_BINARY) + " analyze " +
                   quote((kAssets / "demo/Patient_34/P34T_2.jpg").string()) + " --model " +
                   quote(dir.path().string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("model card missing"), std::string::npos) << r.output;
}

TEST(CliEval, DiceAndAreaErrorMatchAnIndependentComputation) {
    TempDir dir;
    // Photos in per-patient subfolders (as LUTSeg keeps them) pair with masks by stem.
    for (const auto& entry : fs::directory_iterator(kSample / "images")) {
        const fs::path sub = dir / "images" / (entry.path().stem().string() < "0200" ? "a" : "b");
        fs::create_directories(sub);
        fs::copy_file(entry.path(), sub / entry.path().filename());
    }
    const nlohmann::json j =
        runJson("eval --images " + quote((dir / "images").string()) + " --masks " +
                quote((kSample / "masks").string()) + " --save-predictions " +
                quote((dir / "pred").string()) + " --json");
    ASSERT_EQ(j["images"].get<int>(), 8) << j.dump();
    double inter = 0, sum = 0, uni = 0, meanDice = 0, areaErrors = 0;
    int n = 0, withWound = 0;
    for (const auto& entry : fs::directory_iterator(kSample / "masks")) {
        const cv::Mat truth = cv::imread(entry.path().string(), cv::IMREAD_GRAYSCALE) > 127;
        const cv::Mat pred = cv::imread((dir / "pred" / entry.path().filename()).string(),
                                        cv::IMREAD_GRAYSCALE) > 127;
        ASSERT_EQ(truth.size(), pred.size());
        const double i = cv::countNonZero(truth & pred),
                     s = cv::countNonZero(truth) + cv::countNonZero(pred);
        inter += i, sum += s, uni += cv::countNonZero(truth | pred);
        meanDice += s == 0 ? 1.0 : 2 * i / s;
        if (const double t = cv::countNonZero(truth); t > 0) {
            areaErrors += std::abs(cv::countNonZero(pred) - t) / t;
            ++withWound;
        }
        ++n;
    }
    ASSERT_GT(withWound, 0);
    EXPECT_NEAR(j["area_error_mean"].get<double>(), areaErrors / withWound, 1e-9);
    EXPECT_GE(j["area_error_max"].get<double>(), j["area_error_median"].get<double>());
    EXPECT_NEAR(j["dice_aggregate"].get<double>(), 2 * inter / sum, 1e-9);
    EXPECT_NEAR(j["dice_mean"].get<double>(), meanDice / n, 1e-9);
    EXPECT_NEAR(j["iou_aggregate"].get<double>(), inter / uni, 1e-9);
    EXPECT_GT(j["seconds"].get<double>(), 0.0);
    std::cout << "shipped model on the 8-pair FUSeg sample: Dice " << j["dice_aggregate"]
              << " (aggregate), " << j["dice_mean"] << " (mean)\n";
}

}  // namespace
}  // namespace cicatrix::workstation
