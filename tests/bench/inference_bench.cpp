// Inference benchmark: (1) the shipped TorchScript model's forward pass through the C++ pipeline
// against Python torch on the same model, input size and thread count (ratio C++/Python; the C++
// side must not be slower), (2) the whole-photo pipeline (segmentation, geometry, tissue,
// periwound) on a 12-megapixel photo.
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cstdio>
#include <iostream>
#include <string>

#include "bench_timer.hpp"
#include "ml/segmentation_model.hpp"
#include "workstation/analysis/photo_analysis.hpp"

using namespace cicatrix;

int main() {
    constexpr int kThreads = 2, kRepetitions = 15, kWarmup = 3;
    const std::string modelDir = std::string(CICATRIX_TEST_ASSETS_DIR) + "/models/wound-seg";
    auto model = ml::SegmentationModel::load(modelDir, kThreads);
    if (!model) {
        std::cerr << "inference_bench: " << model.error().message << "\n";
        return 1;
    }
    const auto& card = (*model)->card();
    const cv::Mat photo =
        cv::imread(std::string(CICATRIX_TEST_ASSETS_DIR) + "/demo/Patient_20/P20T_3.jpg");
    ml::Letterbox box{};
    const cv::Mat blob = ml::prepareInput(photo, card, box);
    for (int i = 0; i < kWarmup; ++i)
        (void)(*model)->forwardBlob(blob);  // TorchScript profiles the first runs
    const double cpp = bench::medianMs(kRepetitions, [&] { (void)(*model)->forwardBlob(blob); });

    const std::string command = fmt::format(
        "/usr/bin/python3 {}/torch_forward_bench.py {}/model.pt {} {} {} {} {}", CICATRIX_BENCH_DIR,
        modelDir, kRepetitions, kThreads, card.inputHeight, card.inputWidth, kWarmup);
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    std::array<char, 256> buf{};
    while (pipe != nullptr && std::fgets(buf.data(), buf.size(), pipe) != nullptr) out = buf.data();
    const int status = pipe != nullptr ? ::pclose(pipe) : -1;
    if (status != 0 || out.empty()) {
        std::cerr << "inference_bench: the Python side failed (" << command << ")\n";
        return 1;
    }
    const double python = std::stod(out);
    std::cout << fmt::format(
        "inference ({}×{} input, {} threads, median of {}): C++ libtorch {:.1f} ms, Python torch "
        "{:.1f} ms; "
        "ratio C++/Python {:.2f}\n",
        card.inputWidth, card.inputHeight, kThreads, kRepetitions, cpp, python, cpp / python);

    cv::Mat big;
    cv::resize(photo, big, cv::Size(3000, 4000), 0, 0,
               cv::INTER_CUBIC);  // 12 MP, portrait like the original
    workstation::AnalysisOptions options;
    const double pipeline =
        bench::medianMs(3, [&] { (void)workstation::analysePhoto(big, model->get(), options); });
    const double forwardOnly = cpp;
    std::cout << fmt::format(
        "whole-photo pipeline on a 12 MP photo (letterbox, forward, full-res mask, "
        "post-processing, "
        "marker search, geometry, tissue, periwound): {:.0f} ms ({:.1f}× the bare forward pass)\n",
        pipeline, pipeline / forwardOnly);
    return 0;
}
