// The workstation's side of local AI: loads the model once (a job), runs analyses of a photo, a
// wound or the whole library as cancellable jobs with progress, keeps the selected wound's
// analyses, trend and the library's alert counts in the state.
// Main thread only (its jobs hand results back through the job system's queue).
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "library/library.hpp"
#include "ml/calibration.hpp"
#include "ml/healing_trends.hpp"
#include "ml/segmentation_model.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

struct AnalysisSettings {
    std::filesystem::path modelDir;
    double markerMm = ml::kDefaultMarkerMm;
    ml::AlertThresholds thresholds;
};

class AnalysisController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    AnalysisController(Library& library, JobSystem& jobs, AppState& state, Notify notify,
                       AnalysisSettings settings);

    void loadModel();
    void refreshWound(std::int64_t woundId);  // analyses + trend of the selected wound
    void refreshAlerts();                     // alert counts of every wound and patient
    void analysePhotos(std::vector<Photo> photos, std::string label);
    void analyseWound(std::int64_t woundId);
    void analyseLibrary();
    // Stores a ruler calibration for the draft's photo, then re-analyses that photo.
    void saveCalibration(const CalibrationDraft& draft, double lengthMm);

  private:
    // Picks the photos to analyse; runs on the job's worker thread.
    using PhotoSelection = std::function<Result<std::vector<Photo>>(Library&)>;
    void runAnalysis(PhotoSelection select, std::string label);

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    Notify m_notify;
    AnalysisSettings m_settings;
    std::shared_ptr<const ml::SegmentationModel> m_model;
    std::uint64_t m_woundGeneration = 0;
    std::uint64_t m_alertsGeneration = 0;
};

}  // namespace cicatrix::workstation
