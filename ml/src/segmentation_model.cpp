// libtorch side of the model: torch::jit::load, InferenceMode forward, tensor ↔ cv::Mat.
#include "ml/segmentation_model.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/script.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "ml/logit_upsampling.hpp"

namespace cicatrix::ml {

namespace fs = std::filesystem;

namespace {
// Bands are left out only when that enlarges the picture in the model's input by this much.
constexpr double kMinContentZoom = 1.1;
}  // namespace

struct SegmentationModel::Impl {
    ModelCard card;
    fs::path dir;
    mutable torch::jit::script::Module module;
    mutable std::mutex mutex;
};

SegmentationModel::SegmentationModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SegmentationModel::~SegmentationModel() = default;
const ModelCard& SegmentationModel::card() const {
    return m_impl->card;
}
const fs::path& SegmentationModel::directory() const {
    return m_impl->dir;
}

Letterbox letterboxFor(cv::Size photo, cv::Size input) {
    Letterbox box{};
    box.scale = std::min(static_cast<double>(input.width) / photo.width,
                         static_cast<double>(input.height) / photo.height);
    box.width = std::max(1, static_cast<int>(std::lround(photo.width * box.scale)));
    box.height = std::max(1, static_cast<int>(std::lround(photo.height * box.scale)));
    box.top = (input.height - box.height) / 2;
    box.left = (input.width - box.width) / 2;
    return box;
}

cv::Mat prepareInput(const cv::Mat& bgr, const ModelCard& card, Letterbox& box) {
    const cv::Size input(card.inputWidth, card.inputHeight);
    box = letterboxFor(bgr.size(), input);
    cv::Mat resized;
    cv::resize(bgr, resized, cv::Size(box.width, box.height), 0, 0,
               box.scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat canvas(input, CV_8UC3, cv::Scalar::all(0));
    resized.copyTo(canvas(cv::Rect(box.left, box.top, box.width, box.height)));
    cv::Mat rgb;
    cv::cvtColor(canvas, rgb, cv::COLOR_BGR2RGB);
    cv::Mat blob(std::vector<int>{1, 3, input.height, input.width}, CV_32F);
    std::vector<cv::Mat> planes(3);
    for (int c = 0; c < 3; ++c) {
        planes[static_cast<std::size_t>(c)] =
            cv::Mat(input.height, input.width, CV_32F, blob.ptr<float>(0, c));
    }
    for (int c = 0; c < 3; ++c) {
        const auto i = static_cast<std::size_t>(c);
        cv::Mat channel;
        cv::extractChannel(rgb, channel, c);
        // (value * scale - mean) / std, written straight into the blob's plane.
        channel.convertTo(planes[i], CV_32F, card.scale / card.std[i], -card.mean[i] / card.std[i]);
    }
    return blob;
}

MlResult<std::unique_ptr<SegmentationModel>> SegmentationModel::load(const fs::path& dir,
                                                                     int threads) {
    auto card = readModelCard(dir);
    if (!card) {
        return std::unexpected(card.error());
    }
    const fs::path file = dir / card->file;
    const auto bytes = readVerifiedModelFile(*card, dir);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    // Both graphs below come from the verified bytes, not from the file read again.
    const auto loadGraph = [&bytes] {
        std::istringstream in(*bytes);
        torch::jit::Module module = torch::jit::load(in, torch::kCPU);
        module.eval();
        return module;
    };
    if (threads <= 0) {
        threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
    }
    auto impl = std::make_unique<Impl>();
    impl->card = std::move(*card);
    impl->dir = dir;
    // The quantized engine is process-wide: one load at a time selects it and loads with it.
    static std::mutex engineMutex;
    std::scoped_lock engineLock(engineMutex);
    try {
        at::set_num_threads(threads);
        if (!impl->card.int8Engine.empty()) {
            // An int8 graph's packed weights are unpacked for the engine selected at load time.
            const auto engine =
                impl->card.int8Engine == "onednn" ? at::QEngine::ONEDNN : at::QEngine::QNNPACK;
            const auto& supported = at::globalContext().supportedQEngines();
            if (std::find(supported.begin(), supported.end(), engine) == supported.end()) {
                return mlFail(MlErrorCode::ModelLoad, "this libtorch has no " +
                                                          impl->card.int8Engine +
                                                          " engine for the model's int8 graph");
            }
            at::globalContext().setQEngine(engine);
        }
        impl->module = loadGraph();
    } catch (const std::exception& e) {
        return mlFail(MlErrorCode::ModelLoad,
                      "cannot load TorchScript " + file.string() + ": " + e.what());
    }
    auto model = std::unique_ptr<SegmentationModel>(new SegmentationModel(std::move(impl)));
    // Check the card against the model: a forward pass at the declared input size must give
    // one logit channel at that size.
    const ModelCard& c = model->card();
    cv::Mat probe(std::vector<int>{1, 3, c.inputHeight, c.inputWidth}, CV_32F);
    cv::RNG(20261130).fill(probe, cv::RNG::NORMAL, 0.0, 1.0);
    auto out = model->forwardBlob(probe);
    if (!out) {
        return mlFail(MlErrorCode::BadModelCard,
                      "model card does not fit the model (input " + std::to_string(c.inputWidth) +
                          "×" + std::to_string(c.inputHeight) + "): " + out.error().message);
    }
    if (out->rows != c.inputHeight || out->cols != c.inputWidth) {
        return mlFail(MlErrorCode::BadModelCard,
                      "model card does not fit the model: output is " + std::to_string(out->cols) +
                          "×" + std::to_string(out->rows) + ", card input is " +
                          std::to_string(c.inputWidth) + "×" + std::to_string(c.inputHeight));
    }
    // The graph rewritten for this machine's CPU: convolutions fused with their additions and
    // ReLUs, run on oneDNN's blocked layout (measured 1.2-1.6x faster than the frozen graph as
    // saved for a float model). Done at load, not at export: torch 1.13 cannot load a saved
    // optimize_for_inference graph again. Kept only when it gives the saved graph's logits on the
    // probe; otherwise the saved graph runs, and stderr says why.
    try {
        torch::jit::Module optimized = loadGraph();
        optimized = torch::jit::optimize_for_inference(optimized);
        std::swap(model->m_impl->module, optimized);
        const auto again = model->forwardBlob(probe);
        if (!again || again->size != out->size || cv::norm(*again, *out, cv::NORM_INF) > 1e-3) {
            std::swap(model->m_impl->module, optimized);
            std::cerr << "model " << c.label()
                      << ": the CPU-optimised graph does not give the saved graph's logits; "
                         "running the graph as saved\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "model " << c.label() << ": cannot optimise the graph for this CPU ("
                  << e.what() << "); running the graph as saved\n";
    }
    return model;
}

MlResult<cv::Mat> SegmentationModel::forwardBlob(const cv::Mat& blob) const {
    if (blob.dims != 4 || blob.type() != CV_32F || blob.size[0] != 1 || blob.size[1] != 3) {
        return mlFail(MlErrorCode::InvalidInput, "input blob must be 1×3×H×W float");
    }
    std::scoped_lock lock(m_impl->mutex);
    try {
        c10::InferenceMode guard;
        const torch::Tensor input =
            torch::from_blob(const_cast<float*>(blob.ptr<float>()),
                             {1, 3, blob.size[2], blob.size[3]}, torch::kFloat32);
        torch::Tensor output = m_impl->module.forward({input}).toTensor().contiguous();
        if (output.dim() != 4 || output.size(0) != 1 || output.size(1) != 1) {
            return mlFail(MlErrorCode::Inference, "model output has shape " +
                                                      std::to_string(output.dim()) +
                                                      "-D, expected 1×1×H×W logits");
        }
        const int h = static_cast<int>(output.size(2)), w = static_cast<int>(output.size(3));
        return cv::Mat(h, w, CV_32F, output.data_ptr<float>()).clone();
    } catch (const std::exception& e) {
        return mlFail(MlErrorCode::Inference, std::string("forward pass failed: ") + e.what());
    }
}

MlResult<Segmentation> SegmentationModel::segment(const cv::Mat& bgr,
                                                  const PostprocessOptions& post) const {
    if (bgr.empty() || bgr.type() != CV_8UC3) {
        return mlFail(MlErrorCode::InvalidInput, "segment() needs an 8-bit BGR image");
    }
    try {
        Segmentation result;
        // The model sees the picture without the uniform bands around it when they would shrink
        // it in the model's input; bands that only move it (FUSeg's padding to a square) stay.
        const cv::Size input(m_impl->card.inputWidth, m_impl->card.inputHeight);
        const cv::Rect bands = photoContent(bgr);
        result.content = letterboxFor(bands.size(), input).scale >=
                                 kMinContentZoom * letterboxFor(bgr.size(), input).scale
                             ? bands
                             : cv::Rect(0, 0, bgr.cols, bgr.rows);
        const cv::Mat picture = bgr(result.content);
        Letterbox box{};
        const cv::Mat blob = prepareInput(picture, m_impl->card, box);
        auto logits = forwardBlob(blob);
        if (!logits) {
            return std::unexpected(logits.error());
        }
        const cv::Mat crop = (*logits)(cv::Rect(box.left, box.top, box.width, box.height));
        cv::Mat expNeg;
        cv::exp(-crop, expNeg);
        result.probability = 1.0 / (1.0 + expNeg);
        // Logits (smooth) brought to full resolution and thresholded there, only where the
        // outline can be.
        result.mask = cv::Mat(bgr.size(), CV_8U, cv::Scalar(0));
        fullResolutionMask(crop, picture.size(), logitOf(m_impl->card.threshold), post)
            .copyTo(result.mask(result.content));
        // Uncertainty along the outline the user sees: the final mask brought to the model's
        // resolution, and the probabilities in a band around its border.
        cv::Mat maskAtModel;
        cv::resize(result.mask(result.content), maskAtModel, result.probability.size(), 0, 0,
                   cv::INTER_NEAREST);
        result.meanUncertainty = boundaryUncertainty(result.probability, maskAtModel);
        return result;
    } catch (const cv::Exception& e) {
        return mlFail(MlErrorCode::Inference, std::string("image processing failed: ") + e.what());
    }
}

}  // namespace cicatrix::ml
