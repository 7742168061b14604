// exportDataset's nnU-Net v2 layout (dataset.json fields, imagesTr/labelsTr, numTraining), label
// values per class mode, patient-grouped folds, refusal of a non-empty output folder, the
// manifest's sha256s (checked with coreutils' sha256sum) and the summary.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <set>

#include "export_test_cases.hpp"

namespace {

using namespace cicatrix::annotate;
using cicatrix::annotate::test::expectedLabels;
using cicatrix::annotate::test::filesUnder;
using cicatrix::annotate::test::makeCases;
using cicatrix::annotate::test::readJson;
using cicatrix::annotate::test::TempFolder;
namespace fs = std::filesystem;

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() &&
           cv::countNonZero(cv::Mat(a != b).reshape(1)) == 0;
}

TEST(DatasetExport, NnUnetLayoutAndDatasetJson) {
    TempFolder tmp;
    const auto cases = makeCases(4);  // 1+2+3+1 = 7 cases
    const fs::path out = tmp.path() / "Dataset501_Wound";
    auto summary = exportDataset(cases, out, {});
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->cases, cases.size());

    const auto dataset = readJson(out / "dataset.json");
    EXPECT_EQ(dataset["name"], "Dataset501_Wound");
    EXPECT_EQ(dataset["channel_names"], (nlohmann::json{{"0", "R"}, {"1", "G"}, {"2", "B"}}));
    EXPECT_EQ(dataset["labels"], (nlohmann::json{{"background", 0}, {"wound", 1}, {"ignore", 2}}));
    EXPECT_EQ(dataset["numTraining"], cases.size());
    EXPECT_EQ(dataset["file_ending"], ".png");

    std::vector<std::string> expected{"dataset.json", "manifest.json", "splits_final.json",
                                      "summary.json"};
    for (const auto& c : cases) {
        expected.push_back("imagesTr/" + c.caseId + "_0000.png");
        expected.push_back("labelsTr/" + c.caseId + ".png");
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(filesUnder(out), expected);

    for (const auto& c : cases) {
        const cv::Mat image = cv::imread((out / "imagesTr" / (c.caseId + "_0000.png")).string(),
                                         cv::IMREAD_UNCHANGED);
        ASSERT_EQ(image.type(), CV_8UC3) << c.caseId;  // RGB file, read back as BGR
        EXPECT_TRUE(same(image, c.image)) << c.caseId;
        const cv::Mat labels =
            cv::imread((out / "labelsTr" / (c.caseId + ".png")).string(), cv::IMREAD_UNCHANGED);
        ASSERT_EQ(labels.type(), CV_8UC1) << c.caseId;
        EXPECT_TRUE(same(labels, expectedLabels(c.labels, false))) << c.caseId;
        double maxValue = 0;
        cv::minMaxLoc(labels, nullptr, &maxValue);
        EXPECT_LE(maxValue, 2.0);  // values ⊂ {0, 1, ignore}
    }

    // train_segmentation.py's groups: pseudonymous, one per patient.
    const auto& groups = dataset["cicatrix"]["groups"];
    ASSERT_EQ(groups.size(), cases.size());
    std::map<std::string, std::set<std::string>> groupsOfPatient;
    for (const auto& c : cases) {
        groupsOfPatient[c.patientKey].insert(groups[c.caseId].get<std::string>());
    }
    std::set<std::string> allGroups;
    for (const auto& [patient, g] : groupsOfPatient) {
        EXPECT_EQ(g.size(), 1u);
        allGroups.insert(*g.begin());
    }
    EXPECT_EQ(allGroups.size(), 4u);
}

TEST(DatasetExport, TissueModeKeepsClassIdsAndPutsIgnoreHighest) {
    TempFolder tmp;
    const auto cases = makeCases(3);
    ExportOptions options;
    options.classes = ExportClasses::Tissue;
    ASSERT_TRUE(exportDataset(cases, tmp.path() / "out", options));
    const auto dataset = readJson(tmp.path() / "out" / "dataset.json");
    EXPECT_EQ(dataset["labels"], (nlohmann::json{{"background", 0},
                                                 {"epithelial", 1},
                                                 {"slough", 2},
                                                 {"granulation", 3},
                                                 {"necrotic", 4},
                                                 {"other", 5},
                                                 {"wound", 6},
                                                 {"ignore", 7}}));
    for (const auto& c : cases) {
        const cv::Mat labels = cv::imread(
            (tmp.path() / "out" / "labelsTr" / (c.caseId + ".png")).string(), cv::IMREAD_UNCHANGED);
        EXPECT_TRUE(same(labels, expectedLabels(c.labels, true))) << c.caseId;
    }
}

TEST(DatasetExport, NoIgnoreLabelWhenNothingIsUnsure) {
    TempFolder tmp;
    ASSERT_TRUE(exportDataset(makeCases(2, /*unsure=*/false), tmp.path() / "out", {}));
    const auto dataset = readJson(tmp.path() / "out" / "dataset.json");
    EXPECT_EQ(dataset["labels"], (nlohmann::json{{"background", 0}, {"wound", 1}}));
}

// Checks splits_final.json for `patients` patients: min(5, patients) folds, each case in exactly
// one val, train = the rest, and no patient in two folds.
void checkFolds(int patients) {
    SCOPED_TRACE(patients);
    TempFolder tmp;
    const auto cases = makeCases(patients);
    auto summary = exportDataset(cases, tmp.path() / "out", {});
    ASSERT_TRUE(summary) << summary.error().message;
    const auto splits = readJson(tmp.path() / "out" / "splits_final.json");
    const std::size_t folds = std::min<std::size_t>(5, static_cast<std::size_t>(patients));
    ASSERT_EQ(splits.size(), folds);
    EXPECT_EQ(summary->folds, static_cast<int>(folds));
    EXPECT_EQ(summary->patients, static_cast<std::size_t>(patients));

    std::map<std::string, std::string> patientOf;
    for (const auto& c : cases) {
        patientOf[c.caseId] = c.patientKey;
    }
    std::map<std::string, int> valCount;
    std::map<std::string, std::set<std::size_t>> foldsOfPatient;
    for (std::size_t f = 0; f < folds; ++f) {
        const auto train = splits[f]["train"].get<std::vector<std::string>>();
        const auto val = splits[f]["val"].get<std::vector<std::string>>();
        EXPECT_FALSE(val.empty());
        EXPECT_EQ(train.size() + val.size(), cases.size());
        EXPECT_TRUE(std::is_sorted(train.begin(), train.end()));
        EXPECT_TRUE(std::is_sorted(val.begin(), val.end()));
        std::set<std::string> valPatients;
        for (const auto& id : val) {
            ++valCount[id];
            valPatients.insert(patientOf.at(id));
            foldsOfPatient[patientOf.at(id)].insert(f);
        }
        for (const auto& id : train) {
            EXPECT_FALSE(valPatients.contains(patientOf.at(id))) << id << " in train and val";
        }
        EXPECT_EQ(summary->casesPerFold[f], val.size());
        EXPECT_EQ(summary->patientsPerFold[f], valPatients.size());
    }
    for (const auto& c : cases) {
        EXPECT_EQ(valCount[c.caseId], 1) << c.caseId;
    }
    for (const auto& [patient, f] : foldsOfPatient) {
        EXPECT_EQ(f.size(), 1u) << "a patient is in two folds";
    }
}

TEST(DatasetExport, FoldsAreMinOfFiveAndPatientsAndGroupedByPatient) {
    checkFolds(1);
    checkFolds(3);
    checkFolds(5);
    checkFolds(7);
}

TEST(DatasetExport, SameCasesGiveTheSameBytesWhateverTheirOrder) {
    TempFolder tmp;
    auto cases = makeCases(6);
    ASSERT_TRUE(exportDataset(cases, tmp.path() / "a", {}));
    std::reverse(cases.begin(), cases.end());
    ASSERT_TRUE(exportDataset(cases, tmp.path() / "b", {}));
    EXPECT_EQ(readJson(tmp.path() / "a" / "manifest.json"),
              readJson(tmp.path() / "b" / "manifest.json"));
}

TEST(DatasetExport, RefusesANonEmptyOutputFolder) {
    TempFolder tmp;
    const fs::path out = tmp.path() / "out";
    fs::create_directories(out);
    { std::ofstream(out / "keep.txt") << "earlier work"; }
    auto result = exportDataset(makeCases(2), out, {});
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("not empty"), std::string::npos);
    EXPECT_EQ(filesUnder(out), std::vector<std::string>{"keep.txt"});
    EXPECT_EQ(cicatrix::annotate::test::readBytes(out / "keep.txt"), "earlier work");
    EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 1);

    EXPECT_FALSE(exportDataset(makeCases(2), out / "keep.txt", {}));  // a file

    const fs::path empty = tmp.path() / "empty";
    fs::create_directories(empty);
    EXPECT_TRUE(exportDataset(makeCases(2), empty, {}));  // an empty folder is fine
    EXPECT_TRUE(fs::exists(empty / "dataset.json"));
}

TEST(DatasetExport, BadInputFailsAndLeavesNothing) {
    TempFolder tmp;
    const fs::path out = tmp.path() / "out";
    auto unknown = makeCases(2);
    unknown.back().labels.at<std::uint8_t>(3, 3) = 9;  // no class has id 9
    auto result = exportDataset(unknown, out, {});
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("9"), std::string::npos);

    auto named = makeCases(1);
    named[0].caseId = "DUPONT Jeanne";
    EXPECT_FALSE(exportDataset(named, out, {}));
    auto twice = makeCases(2);
    twice[1].caseId = twice[0].caseId;
    EXPECT_FALSE(exportDataset(twice, out, {}));
    auto noPatient = makeCases(1);
    noPatient[0].patientKey.clear();
    EXPECT_FALSE(exportDataset(noPatient, out, {}));
    auto wrongSize = makeCases(1);
    wrongSize[0].labels = cv::Mat(3, 3, CV_8UC1, cv::Scalar(0));
    EXPECT_FALSE(exportDataset(wrongSize, out, {}));
    EXPECT_FALSE(exportDataset({}, out, {}));

    std::stop_source stop;
    stop.request_stop();
    ExportOptions cancelled;
    cancelled.stop = stop.get_token();
    EXPECT_FALSE(exportDataset(makeCases(2), out, cancelled));

    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(fs::is_empty(tmp.path())) << "a temp folder was left behind";
}

std::string sha256sum(const fs::path& path) {
    const std::string command = "sha256sum '" + path.string() + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return {};
    }
    std::array<char, 65> hex{};
    const std::size_t n = std::fread(hex.data(), 1, 64, pipe);
    pclose(pipe);
    return std::string(hex.data(), n);
}

TEST(DatasetExport, ManifestListsEveryFileWithItsSha256) {
    for (const auto format : {ExportFormat::NnUnet, ExportFormat::Coco, ExportFormat::Png}) {
        TempFolder tmp;
        const fs::path out = tmp.path() / "out";
        ExportOptions options;
        options.format = format;
        auto summary = exportDataset(makeCases(3), out, options);
        ASSERT_TRUE(summary) << summary.error().message;
        const auto manifest = readJson(out / "manifest.json");
        std::vector<std::string> listed;
        for (const auto& f : manifest["files"]) {
            const std::string path = f["path"];
            listed.push_back(path);
            EXPECT_EQ(f["sha256"], sha256sum(out / path)) << path;
            EXPECT_EQ(f["bytes"], fs::file_size(out / path)) << path;
        }
        auto all = filesUnder(out);
        std::erase(all, "manifest.json");
        EXPECT_EQ(listed, all);
        EXPECT_EQ(summary->files.size(), all.size() + 1);
    }
}

TEST(DatasetExport, SummaryCountsSplitsAndClasses) {
    TempFolder tmp;
    const auto cases = makeCases(6);
    auto summary = exportDataset(cases, tmp.path() / "out", {});
    ASSERT_TRUE(summary);
    std::map<std::string, std::size_t> pixels;
    std::map<std::string, std::size_t> withClass;
    const std::array<std::string, 3> keys{"background", "wound", "ignore"};
    for (const auto& c : cases) {
        const cv::Mat labels = expectedLabels(c.labels, false);
        for (int id = 0; id < 3; ++id) {
            const auto n = static_cast<std::size_t>(cv::countNonZero(labels == id));
            pixels[keys[static_cast<std::size_t>(id)]] += n;
            withClass[keys[static_cast<std::size_t>(id)]] += n > 0 ? 1 : 0;
        }
    }
    EXPECT_EQ(summary->pixelsPerClass, pixels);
    EXPECT_EQ(summary->casesPerClass, withClass);
    const auto json = readJson(tmp.path() / "out" / "summary.json");
    EXPECT_EQ(json["cases"], cases.size());
    EXPECT_EQ(json["patients"], 6);
    EXPECT_EQ(json["folds"], 5);
    EXPECT_EQ(json["pixels_per_class"]["wound"], pixels["wound"]);
    std::size_t valCases = 0;
    for (const auto& split : json["splits"]) {
        valCases += split["val_cases"].get<std::size_t>();
        EXPECT_EQ(split["train_cases"].get<std::size_t>() + split["val_cases"].get<std::size_t>(),
                  cases.size());
    }
    EXPECT_EQ(valCases, cases.size());
}

}  // namespace
