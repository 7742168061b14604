// Loading the shipped TorchScript model with its card, and refusing bad cards and files.
#include <ATen/Context.h>
#include <gtest/gtest.h>
#include <torch/script.h>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "ml/segmentation_model.hpp"

namespace cicatrix::ml {
namespace {

namespace fs = std::filesystem;
const fs::path kModelDir = fs::path(CICATRIX_TEST_ASSETS_DIR) / "models" / "wound-seg";

struct ScratchModel {
    fs::path dir;
    explicit ScratchModel(const std::string& name) {
        dir = fs::temp_directory_path() /
              ("cicatrix-model-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        fs::copy_file(kModelDir / "model.pt", dir / "model.pt");
        fs::copy_file(kModelDir / "model_card.json", dir / "model_card.json");
    }
    ~ScratchModel() { fs::remove_all(dir); }
    void editCard(const std::function<void(nlohmann::json&)>& edit) const {
        nlohmann::json j = nlohmann::json::parse(std::ifstream(dir / "model_card.json"));
        edit(j);
        std::ofstream(dir / "model_card.json") << j.dump(2);
    }
};

TEST(ModelLoading, LoadsTheShippedModelAndItsCard) {
    auto model = SegmentationModel::load(kModelDir, 1);
    ASSERT_TRUE(model) << model.error().message;
    const ModelCard& card = (*model)->card();
    EXPECT_EQ(card.name, "cicatrix-wound-unet");
    EXPECT_FALSE(card.version.empty());
    EXPECT_EQ(card.inputWidth, 512);
    EXPECT_EQ(card.classes.size(), 2u);
    ASSERT_TRUE(card.validationDice);
    EXPECT_GT(*card.validationDice, 0.0);
    EXPECT_FALSE(card.trainingDataLicence.empty());
}

TEST(ModelLoading, TheShippedCardCarriesTheShippedFilesDigest) {
    auto card = readModelCard(kModelDir);
    ASSERT_TRUE(card) << card.error().message;
    auto digest = fileSha256Hex(kModelDir / card->file);
    ASSERT_TRUE(digest) << digest.error().message;
    EXPECT_EQ(*digest, card->sha256);
}

TEST(ModelLoading, TheVerifiedBytesAreTheModelFilesBytes) {
    auto card = readModelCard(kModelDir);
    ASSERT_TRUE(card) << card.error().message;
    auto bytes = readVerifiedModelFile(*card, kModelDir);
    ASSERT_TRUE(bytes) << bytes.error().message;
    std::ifstream in(kModelDir / card->file, std::ios::binary);
    const std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(bytes->size(), std::filesystem::file_size(kModelDir / card->file));
    EXPECT_TRUE(*bytes == file);
}

TEST(ModelLoading, FileSha256IsTheStandardDigest) {
    ScratchModel m("digest");
    std::ofstream(m.dir / "abc.txt", std::ios::binary) << "abc";
    auto digest = fileSha256Hex(m.dir / "abc.txt");
    ASSERT_TRUE(digest) << digest.error().message;
    EXPECT_EQ(
        *digest,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2 example
    EXPECT_EQ(fileSha256Hex(m.dir / "absent").error().code, MlErrorCode::ModelNotFound);
}

TEST(ModelLoading, RefusesAModelFileWhoseDigestDiffersFromTheCard) {
    ScratchModel intact("intact");
    auto good = SegmentationModel::load(intact.dir, 1);
    ASSERT_TRUE(good) << good.error().message;  // an unchanged copy loads

    ScratchModel m("flipped");
    {
        std::fstream f(m.dir / "model.pt", std::ios::in | std::ios::out | std::ios::binary);
        ASSERT_TRUE(f);
        f.seekg(static_cast<std::streamoff>(fs::file_size(m.dir / "model.pt") / 2));
        const auto at = f.tellg();
        char byte = 0;
        f.read(&byte, 1);
        byte = static_cast<char>(byte ^ 0x01);
        f.seekp(at);
        f.write(&byte, 1);
    }
    auto model = SegmentationModel::load(m.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().code, MlErrorCode::BadModelCard);
    EXPECT_NE(model.error().message.find("sha256"), std::string::npos) << model.error().message;
}

TEST(ModelLoading, RefusesACardWithoutADigest) {
    ScratchModel m("nodigest");
    m.editCard([](nlohmann::json& j) { j.erase("sha256"); });
    auto model = SegmentationModel::load(m.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().code, MlErrorCode::BadModelCard);
    EXPECT_NE(model.error().message.find("sha256"), std::string::npos) << model.error().message;
    ScratchModel n("shortdigest");
    n.editCard([](nlohmann::json& j) { j["sha256"] = "64d4acd5"; });
    EXPECT_EQ(SegmentationModel::load(n.dir, 1).error().code, MlErrorCode::BadModelCard);
}

TEST(ModelLoading, RefusesAModelWithoutCard) {
    ScratchModel m("nocard");
    fs::remove(m.dir / "model_card.json");
    auto model = SegmentationModel::load(m.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().code, MlErrorCode::BadModelCard);
    EXPECT_NE(model.error().message.find("model card missing"), std::string::npos);
}

TEST(ModelLoading, RefusesACardWithAWrongInputSize) {
    ScratchModel m("size");
    m.editCard([](nlohmann::json& j) { j["input"]["width"] = 500; });
    auto model = SegmentationModel::load(m.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().code, MlErrorCode::BadModelCard);
    EXPECT_NE(model.error().message.find("multiples of 16"), std::string::npos)
        << model.error().message;
}

TEST(ModelLoading, RefusesACardThatDoesNotDescribeTheModel) {
    ScratchModel m("channels");
    m.editCard([](nlohmann::json& j) { j["output"]["channels"] = 3; });
    EXPECT_EQ(SegmentationModel::load(m.dir, 1).error().code, MlErrorCode::BadModelCard);
    ScratchModel n("fields");
    n.editCard([](nlohmann::json& j) { j.erase("normalisation"); });
    auto model = SegmentationModel::load(n.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_NE(model.error().message.find("normalisation"), std::string::npos)
        << model.error().message;
}

TEST(ModelLoading, RefusesACardNamingAnUnknownInt8Engine) {
    ScratchModel m("engine");
    m.editCard([](nlohmann::json& j) { j["inference"]["int8"]["engine"] = "fbgemm"; });
    auto model = SegmentationModel::load(m.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().code, MlErrorCode::BadModelCard);
    EXPECT_NE(model.error().message.find("int8 engine 'fbgemm'"), std::string::npos)
        << model.error().message;
}

TEST(ModelLoading, AnInt8ModelRunsOnTheEngineItsCardNames) {
    auto card = readModelCard(kModelDir);
    ASSERT_TRUE(card) << card.error().message;
    ASSERT_EQ(card->int8Engine, "onednn") << "the shipped model is quantized for oneDNN";
    // Another engine selected first (libtorch's default here is oneDNN already): loading must
    // select the card's.
    const at::QEngine before = at::globalContext().qEngine();
    at::globalContext().setQEngine(at::QEngine::QNNPACK);
    auto model = SegmentationModel::load(kModelDir, 1);
    const at::QEngine selected = at::globalContext().qEngine();
    at::globalContext().setQEngine(before);
    ASSERT_TRUE(model) << model.error().message;
    EXPECT_EQ(selected, at::QEngine::ONEDNN);
}

TEST(ModelLoading, TheGraphOptimisedAtLoadGivesTheSavedGraphsLogits) {
    auto model = SegmentationModel::load(kModelDir, 1);
    ASSERT_TRUE(model) << model.error().message;
    torch::jit::Module saved = torch::jit::load((kModelDir / "model.pt").string());
    saved.eval();
    cv::Mat blob(std::vector<int>{1, 3, 512, 512}, CV_32F);
    cv::RNG(7).fill(blob, cv::RNG::NORMAL, 0.0, 1.0);
    auto logits = (*model)->forwardBlob(blob);
    ASSERT_TRUE(logits) << logits.error().message;
    c10::InferenceMode guard;
    const torch::Tensor expected =
        saved.forward({torch::from_blob(blob.ptr<float>(), {1, 3, 512, 512}, torch::kFloat32)})
            .toTensor()
            .contiguous();
    const cv::Mat reference(512, 512, CV_32F, expected.data_ptr<float>());
    EXPECT_LT(cv::norm(*logits, reference, cv::NORM_INF), 1e-3);
    EXPECT_GT(cv::norm(reference, cv::NORM_INF), 0.1);  // logits, not an empty map
}

TEST(ModelLoading, RefusesAFileThatIsNotTorchScript) {
    ScratchModel m("garbage");
    std::ofstream(m.dir / "model.pt", std::ios::trunc) << "not a model";
    // A card that vouches for the garbage, so the digest check passes and torch gets to refuse it.
    const std::string digest = *fileSha256Hex(m.dir / "model.pt");
    m.editCard([&](nlohmann::json& j) { j["sha256"] = digest; });
    auto model = SegmentationModel::load(m.dir, 1);
    ASSERT_FALSE(model);
    EXPECT_EQ(model.error().code, MlErrorCode::ModelLoad);
}

TEST(ModelLoading, ReportsAMissingModelFile) {
    ScratchModel m("missing");
    fs::remove(m.dir / "model.pt");
    EXPECT_EQ(SegmentationModel::load(m.dir, 1).error().code, MlErrorCode::ModelNotFound);
}

TEST(Inference, MasksHaveThePhotoSizeForAnyShape) {
    auto model = SegmentationModel::load(kModelDir, 1);
    ASSERT_TRUE(model);
    const fs::path demo = fs::path(CICATRIX_TEST_ASSETS_DIR) / "demo";
    for (const char* file :
         {"Patient_10/P10T_1.jpg", "Patient_20/P20T_3.jpg", "Patient_34/P34T_2.jpg"}) {
        const cv::Mat photo = cv::imread((demo / file).string());
        ASSERT_FALSE(photo.empty()) << file;
        auto seg = (*model)->segment(photo);
        ASSERT_TRUE(seg) << seg.error().message;
        EXPECT_EQ(seg->mask.size(), photo.size()) << file;
        EXPECT_EQ(seg->mask.type(), CV_8U);
        EXPECT_GE(seg->meanUncertainty, 0.0);
        EXPECT_LE(seg->meanUncertainty, 1.0);
    }
    // A very wide synthetic photo and a tiny one.
    for (const cv::Size size : {cv::Size(3000, 400), cv::Size(37, 23)}) {
        auto seg = (*model)->segment(cv::Mat(size, CV_8UC3, cv::Scalar(90, 120, 200)));
        ASSERT_TRUE(seg) << seg.error().message;
        EXPECT_EQ(seg->mask.size(), size);
    }
    EXPECT_EQ((*model)->segment(cv::Mat()).error().code, MlErrorCode::InvalidInput);
}

TEST(Inference, LetterboxKeepsTheAspectRatioCentred) {
    const Letterbox wide = letterboxFor(cv::Size(1000, 500), cv::Size(512, 512));
    EXPECT_EQ(wide.width, 512);
    EXPECT_EQ(wide.height, 256);
    EXPECT_EQ(wide.top, 128);
    EXPECT_EQ(wide.left, 0);
}

}  // namespace
}  // namespace cicatrix::ml
