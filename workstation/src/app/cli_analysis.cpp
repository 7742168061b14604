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
#include "workstation/analysis/measurement_text.hpp"
#include "workstation/analysis/photo_analysis.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

fs::path defaultModelDir() {
    const auto assets = assetsDir();
    return assets ? *assets / "models" / "wound-seg" : fs::path();
}

ml::MlResult<std::unique_ptr<ml::SegmentationModel>> loadModel(const fs::path& dir) {
    return ml::SegmentationModel::load(dir.empty() ? defaultModelDir() : dir);
}

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
        // The quality first, then the numbers with their 95 % intervals.
        const Analysis record = analysisRecord(*analysis, 0, "");
        if (const std::string verdict = calibrationVerdict(record); !verdict.empty())
            std::cout << "  measurement: " << verdict << "\n";
        std::cout << fmt::format("  area {}   length × width {}   perimeter {}{:.1f} mm\n",
                                 areaText(record), sizeText(record),
                                 unreliableCalibration(record) ? "≈" : "", *g.perimeterMm);
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
              << (analysis->modelName
                      ? fmt::format("{} {} (pipeline {})", *analysis->modelName,
                                    *analysis->modelVersion, analysis->modelPipeline.value_or(0))
                      : "given")
              << "\n";
    return 0;
}

}  // namespace cicatrix::workstation
