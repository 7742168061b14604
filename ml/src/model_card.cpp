// nlohmann::json → ModelCard with explicit checks and messages naming the faulty field; the model
// file's SHA-256 through OpenSSL's EVP interface.
#include "ml/model_card.hpp"

#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <memory>
#include <string_view>

namespace cicatrix::ml {

namespace fs = std::filesystem;

MlResult<ModelCard> readModelCard(const fs::path& dir) {
    const fs::path path = dir / "model_card.json";
    std::ifstream in(path);
    if (!in) {
        return mlFail(MlErrorCode::BadModelCard, "model card missing: " + path.string() +
                                                     " (a model is only loaded with its card)");
    }
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) {
        return mlFail(MlErrorCode::BadModelCard, "model card is not valid JSON: " + path.string());
    }
    auto bad = [&](const std::string& what) {
        return mlFail(MlErrorCode::BadModelCard, "model card " + path.string() + ": " + what);
    };
    try {
        ModelCard card;
        card.name = j.at("name").get<std::string>();
        card.version = j.at("version").get<std::string>();
        card.task = j.value("task", "");
        card.file = j.value("file", "model.pt");
        card.sha256 = j.at("sha256").get<std::string>();
        std::ranges::transform(card.sha256, card.sha256.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (card.sha256.size() != 64 || !std::ranges::all_of(card.sha256, [](unsigned char c) {
                return std::isxdigit(c) != 0;
            })) {
            return bad("sha256 must be the 64 hex digits of the model file's SHA-256");
        }
        card.status = j.value("status", "");
        card.date = j.value("date", "");
        const auto& input = j.at("input");
        card.inputWidth = input.at("width").get<int>();
        card.inputHeight = input.at("height").get<int>();
        card.resize = input.value("resize", "letterbox");
        if (card.inputWidth < 16 || card.inputHeight < 16 || card.inputWidth % 16 != 0 ||
            card.inputHeight % 16 != 0) {
            return bad("input width/height must be positive multiples of 16");
        }
        if (input.value("channels", 3) != 3 || input.value("color_order", "RGB") != "RGB") {
            return bad("only 3-channel RGB input is supported");
        }
        if (card.resize != "letterbox") {
            return bad("unsupported resize mode '" + card.resize + "'");
        }
        const auto& norm = j.at("normalisation");
        card.scale = norm.value("scale", 1.0 / 255.0);
        const auto mean = norm.at("mean").get<std::vector<double>>();
        const auto std = norm.at("std").get<std::vector<double>>();
        if (mean.size() != 3 || std.size() != 3 || std[0] <= 0 || std[1] <= 0 || std[2] <= 0) {
            return bad("normalisation needs 3 means and 3 positive standard deviations");
        }
        std::copy(mean.begin(), mean.end(), card.mean.begin());
        std::copy(std.begin(), std.end(), card.std.begin());
        const auto& output = j.at("output");
        if (output.value("channels", 0) != 1 || output.value("kind", "") != "logits") {
            return bad("output must be 1 channel of logits");
        }
        card.threshold = output.value("threshold", 0.5);
        if (card.threshold <= 0.0 || card.threshold >= 1.0) {
            return bad("threshold must be in (0, 1)");
        }
        for (const auto& c : j.at("classes")) {
            ModelClass mc;
            mc.id = c.at("id").get<int>();
            mc.key = c.at("key").get<std::string>();
            const auto rgb = c.value("color", std::vector<int>{255, 0, 0});
            for (std::size_t i = 0; i < 3 && i < rgb.size(); ++i) mc.rgb[i] = rgb[i];
            card.classes.push_back(mc);
        }
        if (card.classes.size() != 2) {
            return bad("a binary segmentation card lists exactly 2 classes");
        }
        if (const auto inference = j.value("inference", nlohmann::json::object());
            inference.contains("int8")) {
            card.int8Engine = inference["int8"].at("engine").get<std::string>();
            if (card.int8Engine != "onednn" && card.int8Engine != "qnnpack") {
                return bad("unsupported int8 engine '" + card.int8Engine + "'");
            }
        }
        const auto training = j.value("training_data", nlohmann::json::object());
        card.trainingDataName = training.value("name", "");
        card.trainingDataLicence = training.value("licence", "");
        if (const auto metrics = j.value("metrics", nlohmann::json::object());
            metrics.contains("validation")) {
            const auto& v = metrics["validation"];
            if (v.contains("dice_aggregate"))
                card.validationDice = v["dice_aggregate"].get<double>();
            if (v.contains("iou_aggregate"))
                card.validationIou = v["iou_aggregate"].get<double>();
        }
        return card;
    } catch (const nlohmann::json::exception& e) {
        return bad(std::string("missing or malformed field: ") + e.what());
    }
}

namespace {

// The whole file; ModelNotFound when it cannot be read.
MlResult<std::string> readBytes(const fs::path& file) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    std::ifstream in(file, std::ios::binary);
    if (ec || !in) {
        return mlFail(MlErrorCode::ModelNotFound, "cannot read " + file.string());
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size())) {
        return mlFail(MlErrorCode::ModelNotFound, "read error on " + file.string() + " (" +
                                                      std::to_string(in.gcount()) + " of " +
                                                      std::to_string(size) + " bytes)");
    }
    return bytes;
}

MlResult<std::string> sha256Hex(std::string_view bytes) {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                      &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) {
        return mlFail(MlErrorCode::ModelLoad, "SHA-256 is not available");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xf]);
    }
    return hex;
}

}  // namespace

MlResult<std::string> fileSha256Hex(const fs::path& file) {
    auto bytes = readBytes(file);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    return sha256Hex(*bytes);
}

MlResult<std::string> readVerifiedModelFile(const ModelCard& card, const fs::path& dir) {
    const fs::path file = dir / card.file;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        return mlFail(MlErrorCode::ModelNotFound, "model file missing: " + file.string());
    }
    auto bytes = readBytes(file);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    auto digest = sha256Hex(*bytes);
    if (!digest) {
        return std::unexpected(digest.error());
    }
    if (*digest != card.sha256) {
        return mlFail(MlErrorCode::BadModelCard, "model file " + file.string() +
                                                     " does not match its card: sha256 is " +
                                                     *digest + ", the card says " + card.sha256 +
                                                     " (corrupted or replaced model; not loaded)");
    }
    return bytes;
}

}  // namespace cicatrix::ml
