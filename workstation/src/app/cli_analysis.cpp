// analyze: one photo → JSON or a readable summary. eval: Dice/IoU over stem-paired photo/mask
// files.
#include "workstation/app/cli_analysis.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <iostream>
#include <map>

#include "annotate/label_classes.hpp"
#include "library/photo_file.hpp"
#include "workstation/analysis/photo_analysis.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

fs::path defaultModelDir() {
    const auto assets = assetsDir();
    return assets ? *assets / "models" / "wound-seg" : fs::path();
}

namespace {

ml::MlResult<std::unique_ptr<ml::SegmentationModel>> loadModel(const fs::path& dir) {
    return ml::SegmentationModel::load(dir.empty() ? defaultModelDir() : dir);
}

}  // namespace

int runAnalyzeCommand(const AnalyzeCommand& command) {
    auto photo = loadPhotoFile(command.photo);
    if (!photo) {
        std::cerr << "cicatrix analyze: " << command.photo.string() << ": " << photo.error().message
                  << "\n";
        return 1;
    }
    AnalysisOptions options;
    options.markerMm = command.markerMm;
    std::unique_ptr<ml::SegmentationModel> model;
    if (!command.mask.empty()) {
        options.mask = cv::imread(command.mask.string(), cv::IMREAD_GRAYSCALE);
        if (options.mask.empty()) {
            std::cerr << "cicatrix analyze: cannot read mask " << command.mask.string() << "\n";
            return 1;
        }
    } else {
        auto loaded = loadModel(command.modelDir);
        if (!loaded) {
            std::cerr << "cicatrix analyze: " << loaded.error().message << "\n";
            return 1;
        }
        model = std::move(*loaded);
    }
    auto analysis = analysePhoto(photo->upright, model.get(), options);
    if (!analysis) {
        std::cerr << "cicatrix analyze: " << analysis.error().message << "\n";
        return 1;
    }
    nlohmann::json j = analysisJson(*analysis);
    j["photo"] = command.photo.string();
    j["width"] = photo->upright.cols;
    j["height"] = photo->upright.rows;
    if (command.json) {
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    const auto& g = analysis->geometry;
    std::cout << fmt::format("{}: {}×{} px\n", command.photo.string(), photo->upright.cols,
                             photo->upright.rows);
    if (g.areaMm2) {
        std::cout << fmt::format(
            "  area {:.2f} cm²   length {:.1f} mm   width {:.1f} mm   perimeter {:.1f} mm\n",
            *g.areaCm2(), *g.lengthMm, *g.widthMm, *g.perimeterMm);
        std::cout << "  calibration: " << analysis->calibration->detail << "\n";
    } else {
        std::cout << fmt::format("  area {:.0f} px (UNCALIBRATED: {})\n", g.areaPx,
                                 analysis->calibrationNote);
    }
    // "granulation 40 %, slough 30 %, necrosis 20 %, epithelial 10 %": annotate's words, in its
    // report order.
    std::string tissue;
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        tissue += fmt::format("{}{} {:.0f} %", tissue.empty() ? "" : ", ",
                              annotate::findTissueClass(id)->word,
                              analysis->tissue.percent[static_cast<std::size_t>(id - 1)]);
    }
    std::cout << "  tissue (experimental): " << tissue << "\n";
    std::cout << "  mask: "
              << (analysis->modelName ? *analysis->modelName + " " + *analysis->modelVersion
                                      : "given")
              << "\n";
    return 0;
}

int runEvalCommand(const EvalCommand& command) {
    auto model = loadModel(command.modelDir);
    if (!model) {
        std::cerr << "cicatrix eval: " << model.error().message << "\n";
        return 1;
    }
    std::map<std::string, fs::path> photos, masks;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(command.images, ec)) {
        const auto ext = e.path().extension().string();
        if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".JPG")
            photos[e.path().stem().string()] = e.path();
    }
    if (ec) {
        std::cerr << "cicatrix eval: " << command.images.string() << ": " << ec.message() << "\n";
        return 1;
    }
    for (const auto& e : fs::directory_iterator(command.masks, ec)) {
        if (e.path().extension() == ".png")
            masks[e.path().stem().string()] = e.path();
    }
    const auto start = std::chrono::steady_clock::now();
    double inter = 0, sum = 0, uni = 0, diceTotal = 0;
    int images = 0, unpaired = 0;
    nlohmann::json perImage = nlohmann::json::array();
    for (const auto& [stem, photoPath] : photos) {
        const auto maskIt = masks.find(stem);
        if (maskIt == masks.end()) {
            ++unpaired;
            continue;
        }
        auto photo = loadPhotoFile(photoPath);
        if (!photo) {
            std::cerr << "cicatrix eval: " << photoPath.string() << ": " << photo.error().message
                      << "\n";
            return 1;
        }
        const cv::Mat truth = cv::imread(maskIt->second.string(), cv::IMREAD_GRAYSCALE);
        if (truth.size() != photo->upright.size()) {
            std::cerr << "cicatrix eval: mask " << maskIt->second.string()
                      << " does not match its photo's size\n";
            return 1;
        }
        auto seg = (*model)->segment(photo->upright);
        if (!seg) {
            std::cerr << "cicatrix eval: " << photoPath.string() << ": " << seg.error().message
                      << "\n";
            return 1;
        }
        if (!command.savePredictions.empty()) {
            fs::create_directories(command.savePredictions, ec);
            cv::imwrite((command.savePredictions / (stem + ".png")).string(), seg->mask);
        }
        const cv::Mat t = truth > 127, p = seg->mask > 0;
        const double i = cv::countNonZero(t & p), s = cv::countNonZero(t) + cv::countNonZero(p);
        const double dice = s == 0 ? 1.0 : 2.0 * i / s;
        inter += i, sum += s, uni += s - i, diceTotal += dice;
        ++images;
        perImage.push_back({{"id", stem}, {"dice", dice}});
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json j;
    j["images"] = images;
    j["unpaired_photos"] = unpaired;
    j["dice_aggregate"] = sum == 0 ? 1.0 : 2.0 * inter / sum;
    j["dice_mean"] = images == 0 ? 0.0 : diceTotal / images;
    j["iou_aggregate"] = uni == 0 ? 1.0 : inter / uni;
    j["seconds"] = seconds;
    j["model"] = {{"name", (*model)->card().name}, {"version", (*model)->card().version}};
    j["per_image"] = perImage;
    if (images == 0) {
        std::cerr << "cicatrix eval: no photo/mask pairs (paired by file stem)\n";
        return 1;
    }
    if (command.json) {
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << fmt::format(
            "{} images: Dice {:.4f} (aggregate), {:.4f} (mean per image), IoU {:.4f}, {:.1f} s\n",
            images, j["dice_aggregate"].get<double>(), j["dice_mean"].get<double>(),
            j["iou_aggregate"].get<double>(), seconds);
    }
    return 0;
}

}  // namespace cicatrix::workstation
