// Closing the loop end to end, through the real binary and the real training script: a demo
// library, the demo's expert wound masks imported as labels (anna) and approved (bob), exported as
// an nnU-Net dataset, a short training run (/usr/bin/python3 ml/train/train_segmentation.py, a few
// dozen steps) into a model folder, activated, and scored by `eval --library` — as is the shipped
// model with --model. Needs /usr/bin/python3 with torch, cv2 and numpy: fails, naming them, when
// they are missing. Label `training` (about a minute or two on 2 cores).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <map>

#include "library/library.hpp"
#include "library/photo_repository.hpp"
#include "support/cicatrix_cli.hpp"
#include "support/test_images.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
namespace {

using test::cli;
using test::cliStdout;
using test::quote;
namespace fs = std::filesystem;

const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;
const fs::path kTrainScript = kAssets.parent_path() / "ml" / "train" / "train_segmentation.py";
constexpr const char* kPython = "/usr/bin/python3";

void expectScored(const nlohmann::json& j, int images) {
    EXPECT_EQ(j["images"], images) << j.dump(2);
    for (const char* key : {"dice_aggregate", "dice_mean"}) {
        EXPECT_GE(j[key].get<double>(), 0.0) << key;
        EXPECT_LE(j[key].get<double>(), 1.0) << key;
    }
}

TEST(TrainingLoop, ExportTrainActivateAndEvaluate) {
    const auto python = test::runCommand(std::string(kPython) + " -c 'import torch, cv2, numpy'");
    ASSERT_EQ(python.exitCode, 0)
        << kPython << " cannot import torch, cv2 and numpy, which the training script needs "
        << "(Debian: apt install python3-torch python3-opencv python3-numpy): " << python.output;
    ASSERT_TRUE(fs::exists(kTrainScript)) << kTrainScript;

    test::TempDir dir;
    const fs::path libDir = dir / "lib";
    const std::string lib = quote(libDir.string());
    const auto demo = cli("demo --library " + lib);
    ASSERT_EQ(demo.exitCode, 0) << demo.output;

    // Photos by file stem, then every expert mask whose size is its photo's.
    std::map<std::string, Photo> photos;
    {
        auto library = Library::open(libDir, Library::OpenMode::MustExist);
        ASSERT_TRUE(library);
        auto all = (*library)->withReader([](SQLite::Database& db) -> Result<std::vector<Photo>> {
            return PhotoRepository(db).listAll();
        });
        ASSERT_TRUE(all);
        for (const Photo& p : *all) photos[fs::path(p.originalName).stem().string()] = p;
    }
    ASSERT_GE(photos.size(), 10u);
    int approved = 0, sizeMismatch = 0;
    for (const auto& patient : fs::directory_iterator(kAssets / "demo" / "wound_masks")) {
        for (const auto& file : fs::directory_iterator(patient.path())) {
            const auto photo = photos.find(file.path().stem().string());
            ASSERT_NE(photo, photos.end()) << "no demo photo for " << file.path();
            const cv::Mat mask = cv::imread(file.path().string(), cv::IMREAD_GRAYSCALE);
            if (mask.cols != photo->second.width || mask.rows != photo->second.height) {
                ++sizeMismatch;
                continue;
            }
            const std::string id = std::to_string(photo->second.id);
            const auto imported = cli("labels import --library " + lib + " --photo " + id +
                                      " --mask " + quote(file.path().string()) + " --as anna");
            ASSERT_EQ(imported.exitCode, 0) << imported.output;
            const auto reviewed =
                cli("labels review --library " + lib + " --photo " + id + " --approve --as bob");
            ASSERT_EQ(reviewed.exitCode, 0) << reviewed.output;
            ++approved;
        }
    }
    ASSERT_GE(approved, 6) << sizeMismatch << " masks did not match their photo's size";

    const fs::path dataset = dir / "dataset";
    const auto exported =
        cli("export --library " + lib + " --format nnunet --out " + quote(dataset.string()));
    ASSERT_EQ(exported.exitCode, 0) << exported.output;

    const fs::path modelDir = dir / "model";
    const auto trained =
        test::runCommand(std::string(kPython) + " " + quote(kTrainScript.string()) + " " +
                         quote(dataset.string()) + " " + quote(modelDir.string()) +
                         " --steps 25 --minutes 1 --batch 4 --threads 2 --eval-every 1000"
                         " --model-version 1.1.0-loop");
    ASSERT_EQ(trained.exitCode, 0) << trained.output;
    ASSERT_TRUE(fs::exists(modelDir / "model.pt")) << trained.output;
    const auto card = nlohmann::json::parse(std::ifstream(modelDir / "model_card.json"));
    EXPECT_EQ(card["version"], "1.1.0-loop");
    EXPECT_EQ(card["training_data"]["training_cases"].get<int>() +
                  card["training_data"]["validation_cases"].get<int>(),
              approved);

    const auto activated = cli("model activate --library " + lib + " --model " +
                               quote(modelDir.string()) + " --as bob");
    ASSERT_EQ(activated.exitCode, 0) << activated.output;

    const auto fresh = cliStdout("eval --library " + lib + " --json");
    ASSERT_EQ(fresh.exitCode, 0) << fresh.output;
    const auto freshJson = nlohmann::json::parse(fresh.output);
    EXPECT_EQ(freshJson["model"]["version"], "1.1.0-loop") << "the active model is scored";
    expectScored(freshJson, approved);

    const auto shipped = cliStdout("eval --library " + lib + " --json --model " +
                                   quote((kAssets / "models" / "wound-seg").string()));
    ASSERT_EQ(shipped.exitCode, 0) << shipped.output;
    const auto shippedJson = nlohmann::json::parse(shipped.output);
    std::ifstream shippedCard(kAssets / "models" / "wound-seg" / "model_card.json");
    EXPECT_EQ(shippedJson["model"]["version"], nlohmann::json::parse(shippedCard)["version"]);
    expectScored(shippedJson, approved);
}

// The GPU script's contract, run here on the CPU for a few seconds: it trains folds on a dataset
// in the FUSeg layout and saves plain state_dicts; `--state-dict` exports them here as one
// ensemble (frozen TorchScript + card) that the workstation loads and runs.
TEST(TrainingLoop, GpuScriptFoldsExportAsAnEnsembleTheWorkstationRuns) {
    test::TempDir dir;
    const fs::path fuseg = dir / "fuseg";
    fs::create_directories(fuseg / "train" / "images");
    fs::create_directories(fuseg / "train" / "masks");
    const fs::path sample = fs::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample";
    for (const auto& entry : fs::directory_iterator(sample / "images")) {
        fs::copy_file(entry.path(), fuseg / "train" / "images" / entry.path().filename());
        const std::string mask = entry.path().stem().string() + ".png";
        fs::copy_file(sample / "masks" / mask, fuseg / "train" / "masks" / mask);
    }
    const fs::path folds = dir / "folds";
    const auto trained = test::runCommand(
        std::string(kPython) + " " + quote((kTrainScript.parent_path() / "train_gpu.py").string()) +
        " " + quote(fuseg.string()) + " " + quote(folds.string()) +
        " --device cpu --minutes 0.15 --folds 2 --batch 2 --full-batch 1 --workers 0 --eval-every "
        "3");
    ASSERT_EQ(trained.exitCode, 0) << trained.output;
    ASSERT_TRUE(fs::exists(folds / "fold0.pt") && fs::exists(folds / "fold1.pt")) << trained.output;
    std::ifstream report(folds / "folds.json");
    const auto j = nlohmann::json::parse(report, nullptr, false);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j["folds"].size(), 2u);

    // The converted dataset the export scores on: the same photos in the training layout.
    const fs::path dataset = dir / "dataset";
    const auto converted =
        test::runCommand(std::string(kPython) + " " +
                         quote((kTrainScript.parent_path() / "fuseg_to_nnunet.py").string()) + " " +
                         quote(fuseg.string()) + " " + quote(dataset.string()));
    ASSERT_EQ(converted.exitCode, 0) << converted.output;
    const fs::path model = dir / "model";
    const auto exported = test::runCommand(
        std::string(kPython) + " " + quote(kTrainScript.string()) + " " + quote(dataset.string()) +
        " " + quote(model.string()) + " --state-dict " + quote((folds / "fold0.pt").string()) +
        " " + quote((folds / "fold1.pt").string()) + " --model-version 0.0.1");
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    std::ifstream cardFile(model / "model_card.json");
    const auto card = nlohmann::json::parse(cardFile, nullptr, false);
    ASSERT_TRUE(card.is_object());
    EXPECT_EQ(card["training"]["members"], 2);
    EXPECT_EQ(card["training"]["architecture"], "lean");

    const auto scored = cliStdout("eval --model " + quote(model.string()) + " --images " +
                                  quote((sample / "images").string()) + " --masks " +
                                  quote((sample / "masks").string()) + " --json");
    ASSERT_EQ(scored.exitCode, 0) << scored.output;
    expectScored(nlohmann::json::parse(scored.output), 8);
}

}  // namespace
}  // namespace cicatrix::workstation
