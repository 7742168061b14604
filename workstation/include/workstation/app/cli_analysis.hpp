// `cicatrix analyze` and `cicatrix eval`: headless measurement of a photo file and evaluation of
// the model over a folder of photos with expert masks. Main thread only; print to stdout.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <memory>

#include "ml/calibration.hpp"
#include "ml/segmentation_model.hpp"

namespace cicatrix::workstation {

// The shipped model folder (assets/models/wound-seg), or empty when the assets are not found.
[[nodiscard]] std::filesystem::path defaultModelDir();
// The model in `dir`, or the shipped one when `dir` is empty.
[[nodiscard]] ml::MlResult<std::unique_ptr<ml::SegmentationModel>> loadModel(
    const std::filesystem::path& dir);

struct AnalyzeCommand {
    std::filesystem::path photo;
    std::filesystem::path modelDir;
    double markerMm = ml::kDefaultMarkerMm;
    std::filesystem::path mask;  // empty: run the model
    bool json = false;
};
int runAnalyzeCommand(const AnalyzeCommand& command);

// Either a folder of photos and one of 0/255 masks paired by file stem, or a library whose
// approved labels are the truth (wound classes = wound; unsure pixels are not scored).
struct EvalCommand {
    std::filesystem::path images;
    std::filesystem::path masks;
    std::filesystem::path library;
    std::filesystem::path modelDir;
    std::filesystem::path
        savePredictions;  // when set: write each predicted mask as <stem>.png here
    bool json = false;
};
int runEvalCommand(const EvalCommand& command);

}  // namespace cicatrix::workstation
