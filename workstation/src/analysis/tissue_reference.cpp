// demo/<Patient>/<id>.jpg paired with demo/tissue_masks/<Patient>/<id>.png; the model-outline
// error cached as two text lines: the tissue method, then "images e1 e2 e3 e4".
#include "workstation/analysis/tissue_reference.hpp"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <span>
#include <string>

#include "library/atomic_file.hpp"
#include "workstation/analysis/photo_analysis.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

std::vector<ml::TissueSample> loadTissueReference(const fs::path& demoDir) {
    std::vector<ml::TissueSample> samples;
    std::error_code ec;
    for (const auto& patient : fs::directory_iterator(demoDir / "tissue_masks", ec)) {
        for (const auto& mask : fs::directory_iterator(patient.path(), ec)) {
            ml::TissueSample s;
            s.bgr = cv::imread(
                (demoDir / patient.path().filename() / (mask.path().stem().string() + ".jpg"))
                    .string());
            s.labels = cv::imread(mask.path().string(), cv::IMREAD_UNCHANGED);
            s.group = patient.path().filename().string();
            if (!s.bgr.empty() && s.labels.size() == s.bgr.size())
                samples.push_back(std::move(s));
        }
    }
    return samples;
}

std::optional<ml::TissueEvaluation> measuredTissueError(const fs::path& demoDir) {
    const auto samples = loadTissueReference(demoDir);
    if (samples.size() < 3)
        return std::nullopt;
    return ml::tissueLeaveOneGroupOut(samples);
}

namespace {

std::optional<ml::TissueEvaluation> readCached(const fs::path& file) {
    std::ifstream in(file);
    std::string method;
    if (!in || !std::getline(in, method) || method != kTissueMethod)
        return std::nullopt;
    ml::TissueEvaluation e;
    in >> e.images;
    for (double& v : e.meanAbsErrorPoints) in >> v;
    if (!in || e.images <= 0)
        return std::nullopt;
    return e;
}

void writeCached(const fs::path& file, const ml::TissueEvaluation& e) {
    std::string text = std::string(kTissueMethod) + "\n" + std::to_string(e.images);
    for (const double v : e.meanAbsErrorPoints) text += fmt::format(" {:.17g}", v);
    text += "\n";
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    // A cache: a failed write only means measuring again next time.
    (void)writeFileAtomically(
        file, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
        /*allowReplace=*/true);
}

}  // namespace

std::optional<ml::TissueEvaluation> measuredTissueErrorInModelOutline(
    const fs::path& demoDir, const ml::SegmentationModel& model, const fs::path& cacheDir,
    std::stop_token stop, const std::function<void(float)>& progress) {
    const fs::path cacheFile =
        cacheDir.empty() ? fs::path()
                         : cacheDir / fmt::format("tissue-error-{}-pipeline{}.txt",
                                                  model.card().sha256, ml::kSegmentationPipeline);
    if (!cacheFile.empty()) {
        if (auto cached = readCached(cacheFile)) {
            if (progress)
                progress(1.0f);
            return cached;
        }
    }
    auto samples = loadTissueReference(demoDir);
    if (samples.size() < 3)
        return std::nullopt;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (stop.stop_requested())
            return std::nullopt;
        auto seg = model.segment(samples[i].bgr);
        if (!seg)
            return std::nullopt;
        samples[i].woundMask = seg->mask;
        if (progress)
            progress(static_cast<float>(i + 1) / static_cast<float>(samples.size() + 1));
    }
    const ml::TissueEvaluation e = ml::tissueLeaveOneGroupOut(samples);
    if (!cacheFile.empty())
        writeCached(cacheFile, e);
    if (progress)
        progress(1.0f);
    return e;
}

}  // namespace cicatrix::workstation
