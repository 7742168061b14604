// demo/<Patient>/<id>.jpg paired with demo/tissue_masks/<Patient>/<id>.png.
#include "workstation/analysis/tissue_reference.hpp"

#include <opencv2/imgcodecs.hpp>

namespace cicatrix::workstation {

namespace fs = std::filesystem;

std::vector<ml::TissueSample> loadTissueReference(const fs::path& demoDir) {
    std::vector<ml::TissueSample> samples;
    std::error_code ec;
    for (const auto& patient : fs::directory_iterator(demoDir / "tissue_masks", ec)) {
        for (const auto& mask : fs::directory_iterator(patient.path(), ec)) {
            ml::TissueSample s;
            s.bgr = cv::imread((demoDir / patient.path().filename() / (mask.path().stem().string() + ".jpg")).string());
            s.labels = cv::imread(mask.path().string(), cv::IMREAD_UNCHANGED);
            s.group = patient.path().filename().string();
            if (!s.bgr.empty() && s.labels.size() == s.bgr.size()) samples.push_back(std::move(s));
        }
    }
    return samples;
}

std::optional<ml::TissueEvaluation> measuredTissueError(const fs::path& demoDir) {
    const auto samples = loadTissueReference(demoDir);
    if (samples.size() < 3) return std::nullopt;
    return ml::tissueLeaveOneGroupOut(samples);
}

}  // namespace cicatrix::workstation
