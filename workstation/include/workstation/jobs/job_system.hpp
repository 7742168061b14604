// Named jobs on a worker pool split in two lanes, with progress, cancellation (std::stop_token)
// and a catch-all at the edge. Interactive workers never pick background work, so a long job
// (analysis, import, sync, export, training) never delays what the user is waiting for.
// Results reach the UI through post(): callbacks run on the main thread in
// drainMainThreadQueue(), once per frame; `wake` is called after each post (the GUI passes
// glfwPostEmptyEvent) so an idle frame loop wakes up. All members are thread-safe unless noted.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace cicatrix::workstation {

class JobContext {
  public:
    [[nodiscard]] std::stop_token stopToken() const { return m_stop; }
    // Long jobs call this between steps (per photo, per file) and return early when true.
    [[nodiscard]] bool stopRequested() const { return m_stop.stop_requested(); }
    void setProgress(float fraction) { m_progress->store(fraction); }
    // A main-thread callback run with the message if this job ends by an exception, so whoever
    // waits for the job's own callback (a "loading" flag, a pending key) is released. Set it
    // first thing in the job.
    void onFailure(std::function<void(const std::string&)> handler) { m_onFailure = std::move(handler); }

  private:
    friend class JobSystem;
    JobContext(std::stop_token stop, std::shared_ptr<std::atomic<float>> progress)
        : m_stop(std::move(stop)), m_progress(std::move(progress)) {}
    std::stop_token m_stop;
    std::shared_ptr<std::atomic<float>> m_progress;
    std::function<void(const std::string&)> m_onFailure;
};

// Which lane a job runs in.
enum class JobKind {
    // What the user is waiting for: queries (patients, wounds, timeline), decodes, thumbnails,
    // overlays. Short. Run by the interactive workers, and by idle background workers.
    Interactive,
    // Long work: model load, analysis of a wound or the library, import, later sync, export
    // and training. Run only by the background workers, one job per worker.
    Background,
};

// Order within a lane: high-priority jobs run before the lane's queued normal ones.
enum class JobPriority { Normal, High };

struct JobStatus {
    std::uint64_t id;
    std::string name;
    float progress;  // 0..1, or < 0 when the job does not report it
    bool running;    // false while queued
    JobKind kind = JobKind::Interactive;
};

// How many workers serve each lane. Both are at least 1.
struct JobWorkers {
    unsigned interactive = 1;
    unsigned background = 1;
};

class JobSystem {
  public:
    using Work = std::function<void(JobContext&)>;

    // The pool for a machine with `hardwareThreads` threads (pass
    // std::thread::hardware_concurrency(); 0 means unknown): on 2 cores, one interactive and
    // one background worker; more cores add interactive workers first.
    [[nodiscard]] static JobWorkers workersFor(unsigned hardwareThreads);

    explicit JobSystem(JobWorkers workers, std::function<void()> wake = {});
    // `interactiveWorkers` interactive workers plus one background worker.
    explicit JobSystem(unsigned interactiveWorkers, std::function<void()> wake = {});
    ~JobSystem();  // cancels everything and joins the workers
    JobSystem(const JobSystem&) = delete;
    JobSystem& operator=(const JobSystem&) = delete;

    // Queues an interactive job.
    std::uint64_t submit(std::string name, Work work, JobPriority priority = JobPriority::Normal);
    // Queues a job in the given lane.
    std::uint64_t submit(std::string name, Work work, JobKind kind,
                         JobPriority priority = JobPriority::Normal);
    // A queued job is dropped; a running one is asked to stop (its stopRequested() turns true).
    void cancel(std::uint64_t id);
    void cancelAll();

    // Queues a callback for the main thread.
    void post(std::function<void()> callback);
    // Main thread only: runs the callbacks queued so far (the queue is swapped under the lock).
    void drainMainThreadQueue();

    // Running jobs first, then the queued ones in the order they will start, interactive first.
    [[nodiscard]] std::vector<JobStatus> status() const;
    [[nodiscard]] bool idle() const;  // no job queued or running, nothing to drain
    // Errors caught at the jobs' edge ("job name: message"), oldest first.
    [[nodiscard]] std::vector<std::string> takeFailures();

  private:
    struct Job {
        std::uint64_t id;
        std::string name;
        JobKind kind;
        Work work;
        std::stop_source stop;
        std::shared_ptr<std::atomic<float>> progress;
    };
    using Queue = std::deque<std::shared_ptr<Job>>;
    void workerLoop(std::stop_token stop, JobKind lane);
    [[nodiscard]] Queue& queue(JobKind kind) { return m_queues[static_cast<std::size_t>(kind)]; }
    void run(Job& job);

    mutable std::mutex m_mutex;
    std::condition_variable_any m_wakeWorkers;
    std::array<Queue, 2> m_queues;  // indexed by JobKind
    std::vector<std::shared_ptr<Job>> m_running;
    std::vector<std::function<void()>> m_mainThreadQueue;
    std::vector<std::string> m_failures;
    std::function<void()> m_wake;
    std::uint64_t m_nextId = 1;
    std::vector<std::jthread> m_workers;  // last: joined first on destruction
};

}  // namespace cicatrix::workstation
