// The Annotate workspace's controller: loads the queue, opens a photo's label (a job), applies
// the annotation intents (edits on the main thread, on the session's map), and saves, submits and
// reviews label versions in jobs, recording the annotator on each. Keeps state.annotate's
// counters in step with the session. Main thread only.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "library/library.hpp"
#include "workstation/gui/annotate_intents.hpp"
#include "workstation/gui/annotate_session.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class AnnotateController {
  public:
    using Notify = std::function<void(std::string, bool)>;
    AnnotateController(Library& library, JobSystem& jobs, AppState& state, Notify notify);
    ~AnnotateController();

    void apply(const annotate_action::Action& action);
    // The workspace became visible: ask who annotates, load the queue, open a photo.
    void entered();
    // Reads for the workspace's drawing.
    [[nodiscard]] const AnnotateSession& session() const { return m_session; }

  private:
    void loadQueue();
    void openPhoto(std::int64_t photoId);
    void edit(const annotate_action::Action& action);
    void stroke(const annotate_action::Action& action);
    void save(LabelStatus status, std::function<void(const LabelVersion&)> then = {});
    void submit();
    void review(bool approve, std::string comment);
    void afterVersionChange(std::int64_t photoId, std::optional<LabelVersion> base);
    void grabCut(cv::Rect box);
    void computeSuperpixels();
    void publish();  // session counters → state.annotate
    [[nodiscard]] annotate::PaintOptions paintOptions(bool erase) const;
    [[nodiscard]] bool needUser();

    Library& m_library;
    JobSystem& m_jobs;
    AppState& m_state;
    Notify m_notify;
    AnnotateSession m_session;
    std::uint64_t m_openGeneration = 0;
    std::optional<std::chrono::steady_clock::time_point> m_lastStrokeFrame;
    double m_strokeIntervalSum = 0, m_strokeUpdateSum = 0;
    std::int64_t m_strokeIntervals = 0, m_strokeUpdates = 0;
};

}  // namespace cicatrix::workstation
