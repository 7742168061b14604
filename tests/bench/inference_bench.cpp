// Inference benchmark, one run, same input size and thread count throughout but for the closing
// thread sweep: the shipped model's forward pass through the C++ pipeline against (1) the same
// TorchScript file in Python, (2) the same trained weights unexported in Python eager mode (the
// training code's module: what a researcher's script does; with and without the card's test-time
// flips) and (3) a previous export in C++ when assets/models/wound-seg-v1 holds one; then the
// whole-photo pipeline (segmentation, geometry, tissue, periwound) on a 12-megapixel photo, stage
// by stage, its full-resolution mask over the whole photo against inside the possible-wound box,
// and the forward pass and pipeline at several thread counts. Prints the ratios; asserts nothing
// about time.
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bench_timer.hpp"
#include "ml/logit_upsampling.hpp"
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

    // The last line a Python side printed, as a number of ms; nullopt when it failed.
    const auto python = [](const std::string& command) -> std::optional<double> {
        FILE* pipe = ::popen(command.c_str(), "r");
        std::string out;
        std::array<char, 256> buf{};
        while (pipe != nullptr && std::fgets(buf.data(), buf.size(), pipe) != nullptr)
            out = buf.data();
        const int status = pipe != nullptr ? ::pclose(pipe) : -1;
        if (status != 0 || out.empty()) {
            std::cerr << "inference_bench: the Python side failed (" << command << ")\n";
            return std::nullopt;
        }
        return std::stod(out);
    };
    const auto scripted = python(fmt::format(
        "/usr/bin/python3 {}/torch_forward_bench.py {}/model.pt {} {} {} {} {}", CICATRIX_BENCH_DIR,
        modelDir, kRepetitions, kThreads, card.inputHeight, card.inputWidth, kWarmup));
    if (!scripted)
        return 1;
    std::cout << fmt::format(
        "inference of {} {} ({}×{} input, {} threads, median of {}): C++ libtorch {:.1f} ms, "
        "the same TorchScript in Python {:.1f} ms; ratio C++/Python {:.2f}\n",
        card.name, card.version, card.inputWidth, card.inputHeight, kThreads, kRepetitions, cpp,
        *scripted, cpp / *scripted);

    // The same weights unexported, in the training code's module.
    std::ifstream cardFile(modelDir + "/model_card.json");
    const auto cardJson = nlohmann::json::parse(cardFile, nullptr, false);
    const std::string arch = cardJson.is_object()
                                 ? cardJson.value("/training/architecture"_json_pointer, "")
                                 : std::string();
    if (!arch.empty() && cardJson.value("/training/members"_json_pointer, 1) == 1) {
        const auto eager = python(
            fmt::format("/usr/bin/python3 {}/torch_eager_bench.py {}/../../ml/train {} {} {} {} "
                        "{} {} {}",
                        CICATRIX_BENCH_DIR, CICATRIX_BENCH_DIR, modelDir, arch, kRepetitions,
                        kThreads, card.inputHeight, card.inputWidth, kWarmup));
        if (!eager)
            return 1;
        std::cout << fmt::format(
            "the same trained weights in Python eager mode (unexported): {:.1f} ms; ratio "
            "eager/C++ {:.2f} (above 1: the C++ pipeline is faster)\n",
            *eager, *eager / cpp);
        // What the card's test-time flips cost: the same eager module without them.
        if (cardJson.value("/inference/test_time_flips"_json_pointer, false)) {
            const auto single = python(fmt::format(
                "/usr/bin/python3 {}/torch_eager_bench.py {}/../../ml/train {} {} {} {} {} {} {} "
                "no-flips",
                CICATRIX_BENCH_DIR, CICATRIX_BENCH_DIR, modelDir, arch, kRepetitions, kThreads,
                card.inputHeight, card.inputWidth, kWarmup));
            if (!single)
                return 1;
            std::cout << fmt::format(
                "test-time flips (the card's option): eager with them {:.1f} ms, without {:.1f} "
                "ms; ratio {:.2f}\n",
                *eager, *single, *eager / *single);
        }
    } else {
        std::cout << "the shipped card names no single training architecture (an ensemble, or "
                     "none): no eager comparison\n";
    }

    // The previous shipped export, in C++.
    const std::string previousDir = std::string(CICATRIX_TEST_ASSETS_DIR) + "/models/wound-seg-v1";
    if (auto previous = ml::SegmentationModel::load(previousDir, kThreads)) {
        ml::Letterbox previousBox{};
        const cv::Mat previousBlob = ml::prepareInput(photo, (*previous)->card(), previousBox);
        for (int i = 0; i < kWarmup; ++i) (void)(*previous)->forwardBlob(previousBlob);
        const double v1 =
            bench::medianMs(kRepetitions, [&] { (void)(*previous)->forwardBlob(previousBlob); });
        std::cout << fmt::format(
            "previous export {} {} in C++: {:.1f} ms; ratio previous/shipped {:.2f}\n",
            (*previous)->card().name, (*previous)->card().version, v1, v1 / cpp);
    } else {
        std::cout << "no previous export at " << previousDir << ": " << previous.error().message
                  << "\n";
    }

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

    // Where the whole-photo time goes, stage by stage (what to speed up next).
    auto seg = (*model)->segment(big);
    if (!seg) {
        std::cerr << "inference_bench: " << seg.error().message << "\n";
        return 1;
    }
    const double segment = bench::medianMs(3, [&] { (void)(*model)->segment(big); });
    const double marker = bench::medianMs(3, [&] {
        (void)ml::detectArucoCalibration(big, {options.markerMm, std::nullopt});
    });
    const double geometry =
        bench::medianMs(3, [&] { (void)ml::measureWound(seg->mask, std::nullopt); });
    const double tissue = bench::medianMs(3, [&] {
        (void)ml::tissueComposition(ml::classifyTissue(big, seg->mask, ml::defaultTissueModel()));
    });
    const double periwound =
        bench::medianMs(3, [&] { (void)ml::periwoundRedness(big, seg->mask); });
    std::cout << fmt::format(
        "  stages: segmentation {:.0f} ms (forward {:.0f}), marker search {:.0f} ms, geometry "
        "{:.0f} ms, tissue {:.0f} ms, periwound {:.0f} ms\n",
        segment, forwardOnly, marker, geometry, tissue, periwound);

    // Segmentation's full-resolution mask: over the whole photo (the logits resized to 12 MP,
    // islands and holes over all of it: the former way) against fullResolutionMask(), which
    // does the same only inside the box where the outline can be (the same mask as
    // its own whole-photo upsampling; cv::resize places source pixels in single precision).
    ml::Letterbox bigBox{};
    const auto bigLogits = (*model)->forwardBlob(ml::prepareInput(big, card, bigBox));
    if (!bigLogits) {
        std::cerr << "inference_bench: " << bigLogits.error().message << "\n";
        return 1;
    }
    const cv::Mat crop =
        (*bigLogits)(cv::Rect(bigBox.left, bigBox.top, bigBox.width, bigBox.height));
    const double threshold = ml::logitOf(card.threshold);
    const auto [whole, boxed] = bench::alternatingMediansMs(
        5,
        [&] {
            cv::Mat full;
            cv::resize(crop, full, big.size(), 0, 0, cv::INTER_LINEAR);
            (void)ml::postprocessMask(full > threshold, {}, full);
        },
        [&] { (void)ml::fullResolutionMask(crop, big.size(), threshold); });
    const cv::Rect possible = ml::possibleWoundBox(crop, big.size(), threshold);
    std::cout << fmt::format(
        "  full-resolution mask: over the whole photo {:.0f} ms, inside the possible-wound box "
        "({:.0f} % of the photo) {:.0f} ms; ratio whole/box {:.2f}\n",
        whole, 100.0 * possible.area() / big.size().area(), boxed, whole / boxed);

    // Thread settings, measured rather than assumed: the model loaded with 1, 2, all cores but
    // one and all cores (the GUI loads it with all but one, keeping a core for drawing and
    // decoding; `eval` with all), the bare forward pass and the whole-photo pipeline, whose
    // marker search and periwound run beside the forward pass.
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::set<int> counts{1, 2, std::max(1, cores - 1), cores};
    std::erase_if(counts, [cores](int t) { return t > cores; });
    std::string sweep;
    for (const int threads : counts) {
        auto loaded = ml::SegmentationModel::load(modelDir, threads);
        if (!loaded) {
            std::cerr << "inference_bench: " << loaded.error().message << "\n";
            return 1;
        }
        for (int i = 0; i < kWarmup; ++i) (void)(*loaded)->forwardBlob(blob);
        const double forward =
            bench::medianMs(kRepetitions, [&] { (void)(*loaded)->forwardBlob(blob); });
        const double photoMs = bench::medianMs(
            3, [&] { (void)workstation::analysePhoto(big, loaded->get(), options); });
        sweep += fmt::format("{}{} thread{}: forward {:.0f} ms, whole photo {:.0f} ms",
                             sweep.empty() ? "" : "; ", threads, threads == 1 ? "" : "s", forward,
                             photoMs);
    }
    std::cout << fmt::format("  thread settings ({} cores): {}\n", cores, sweep);
    return 0;
}
