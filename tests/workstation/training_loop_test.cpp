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
    EXPECT_EQ(shippedJson["model"]["version"], "1.0.0");
    expectScored(shippedJson, approved);
}

}  // namespace
}  // namespace cicatrix::workstation
