// The COCO export: annotations.json holds images, one annotation per class present per image
// whose RLE decodes back to exactly that class's pixels (area and bbox agree), categories, and
// the unsure pixels as each image's ignore_mask; the photos are beside it in images/.
#include <gtest/gtest.h>

#include <map>
#include <opencv2/imgcodecs.hpp>
#include <set>

#include "export_test_cases.hpp"

namespace {

using namespace cicatrix::annotate;
using cicatrix::annotate::test::expectedLabels;
using cicatrix::annotate::test::makeCases;
using cicatrix::annotate::test::readJson;
using cicatrix::annotate::test::TempFolder;

bool sameMask(const cv::Mat& decoded, const cv::Mat& expected) {
    return !decoded.empty() && decoded.size() == expected.size() &&
           cv::countNonZero((decoded != 0) != (expected != 0)) == 0;
}

void checkCoco(ExportClasses classes) {
    const bool tissue = classes == ExportClasses::Tissue;
    SCOPED_TRACE(tissue ? "tissue" : "wound");
    TempFolder tmp;
    const auto cases = makeCases(4);
    ExportOptions options;
    options.format = ExportFormat::Coco;
    options.classes = classes;
    auto summary = exportDataset(cases, tmp.path() / "coco", options);
    ASSERT_TRUE(summary) << summary.error().message;
    const auto coco = readJson(tmp.path() / "coco" / "annotations.json");

    std::map<int, std::string> categories;
    for (const auto& c : coco["categories"]) {
        categories[c["id"].get<int>()] = c["name"];
    }
    if (tissue) {
        EXPECT_EQ(categories, (std::map<int, std::string>{{1, "epithelial"},
                                                          {2, "slough"},
                                                          {3, "granulation"},
                                                          {4, "necrotic"},
                                                          {5, "other"},
                                                          {6, "wound"}}));
    } else {
        EXPECT_EQ(categories, (std::map<int, std::string>{{1, "wound"}}));
    }

    ASSERT_EQ(coco["images"].size(), cases.size());
    std::map<std::string, int> imageIdOf;
    std::map<int, const ExportCase*> caseOfImage;
    for (const auto& image : coco["images"]) {
        const std::string fileName = image["file_name"];
        for (const auto& c : cases) {
            if (fileName == "images/" + c.caseId + ".png") {
                caseOfImage[image["id"].get<int>()] = &c;
                EXPECT_EQ(image["height"], c.labels.rows);
                EXPECT_EQ(image["width"], c.labels.cols);
                const cv::Mat photo =
                    cv::imread((tmp.path() / "coco" / fileName).string(), cv::IMREAD_UNCHANGED);
                EXPECT_EQ(cv::countNonZero(cv::Mat(photo != c.image).reshape(1)), 0);
                const cv::Mat unsure = c.labels == 255;
                if (cv::countNonZero(unsure) > 0) {
                    const auto& rle = image["ignore_mask"];
                    EXPECT_EQ(rle["size"], nlohmann::json::array({c.labels.rows, c.labels.cols}));
                    EXPECT_TRUE(sameMask(decodeCocoRle(rle["counts"], c.labels.rows, c.labels.cols),
                                         unsure));
                } else {
                    EXPECT_FALSE(image.contains("ignore_mask"));
                }
            }
        }
    }
    ASSERT_EQ(caseOfImage.size(), cases.size()) << "an image entry names no case";

    // Every (image, class present) pair has exactly one annotation that decodes to its pixels.
    std::map<std::pair<int, int>, int> seen;
    std::set<int> annotationIds;
    for (const auto& a : coco["annotations"]) {
        EXPECT_TRUE(annotationIds.insert(a["id"].get<int>()).second);
        const int imageId = a["image_id"];
        const int category = a["category_id"];
        ++seen[{imageId, category}];
        const ExportCase& c = *caseOfImage.at(imageId);
        const cv::Mat expected = expectedLabels(c.labels, tissue) == category;
        const auto& rle = a["segmentation"];
        EXPECT_EQ(rle["size"], nlohmann::json::array({c.labels.rows, c.labels.cols}));
        EXPECT_TRUE(sameMask(decodeCocoRle(rle["counts"], c.labels.rows, c.labels.cols), expected))
            << c.caseId << " class " << category;
        EXPECT_EQ(a["area"], cv::countNonZero(expected));
        const cv::Rect box = cv::boundingRect(expected);
        EXPECT_EQ(a["bbox"], nlohmann::json::array({box.x, box.y, box.width, box.height}));
        EXPECT_EQ(a["iscrowd"], 0);
    }
    for (const auto& [imageId, c] : caseOfImage) {
        const cv::Mat labels = expectedLabels(c->labels, tissue);
        for (const auto& [category, name] : categories) {
            const int expectedCount = cv::countNonZero(labels == category) > 0 ? 1 : 0;
            const auto it = seen.find({imageId, category});
            EXPECT_EQ(it == seen.end() ? 0 : it->second, expectedCount) << c->caseId << " " << name;
        }
    }
}

TEST(CocoExport, WoundMasksDecodeBack) {
    checkCoco(ExportClasses::Wound);
}

TEST(CocoExport, TissueMasksDecodeBack) {
    checkCoco(ExportClasses::Tissue);
}

TEST(PngExport, MasksAndImagesBesideEachOther) {
    TempFolder tmp;
    const auto cases = makeCases(2);
    ExportOptions options;
    options.format = ExportFormat::Png;
    ASSERT_TRUE(exportDataset(cases, tmp.path() / "png", options));
    for (const auto& c : cases) {
        const cv::Mat mask = cv::imread(
            (tmp.path() / "png" / "masks" / (c.caseId + ".png")).string(), cv::IMREAD_UNCHANGED);
        ASSERT_EQ(mask.type(), CV_8UC1);
        EXPECT_EQ(cv::countNonZero(mask != expectedLabels(c.labels, false)), 0);
        EXPECT_TRUE(std::filesystem::exists(tmp.path() / "png" / "images" / (c.caseId + ".png")));
    }
    const auto summary = readJson(tmp.path() / "png" / "summary.json");
    EXPECT_EQ(summary["labels"], (nlohmann::json{{"background", 0}, {"wound", 1}, {"ignore", 2}}));
}

}  // namespace
