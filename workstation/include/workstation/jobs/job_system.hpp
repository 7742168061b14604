// Named background jobs on a worker pool, with progress, cancellation (std::stop_token) and a
// catch-all at the edge. Results reach the UI through post(): callbacks queued here run on the
// main thread in drainMainThreadQueue(), once per frame. `wake` is called after each post
// (the GUI passes glfwPostEmptyEvent) so an idle frame loop wakes up.
#pragma once

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
    [[nodiscard]] bool stopRequested() const { return m_stop.stop_requested(); }
    void setProgress(float fraction) { m_progress->store(fraction); }

  private:
    friend class JobSystem;
    JobContext(std::stop_token stop, std::shared_ptr<std::atomic<float>> progress)
        : m_stop(std::move(stop)), m_progress(std::move(progress)) {}
    std::stop_token m_stop;
    std::shared_ptr<std::atomic<float>> m_progress;
};

struct JobStatus {
    std::uint64_t id;
    std::string name;
    float progress;  // 0..1, or < 0 when the job does not report it
    bool running;    // false while queued
};

enum class JobPriority { Normal, High };

class JobSystem {
  public:
    using Work = std::function<void(JobContext&)>;

    explicit JobSystem(unsigned workers, std::function<void()> wake = {});
    ~JobSystem();
    JobSystem(const JobSystem&) = delete;
    JobSystem& operator=(const JobSystem&) = delete;

    // Thread-safe. High-priority jobs run before queued normal ones.
    std::uint64_t submit(std::string name, Work work, JobPriority priority = JobPriority::Normal);
    void cancel(
        std::uint64_t id);  // thread-safe; a queued job is dropped, a running one is asked to stop
    void cancelAll();       // thread-safe

    // Thread-safe: queue a callback for the main thread.
    void post(std::function<void()> callback);
    // Main thread only: runs the callbacks queued so far (the queue is swapped under the lock).
    void drainMainThreadQueue();

    [[nodiscard]] std::vector<JobStatus> status() const;  // thread-safe
    [[nodiscard]] bool idle() const;  // no job queued or running, nothing to drain
    // Errors caught at the jobs' edge ("job name: message"), oldest first; thread-safe.
    [[nodiscard]] std::vector<std::string> takeFailures();

  private:
    struct Job {
        std::uint64_t id;
        std::string name;
        Work work;
        std::stop_source stop;
        std::shared_ptr<std::atomic<float>> progress;
        bool running = false;
    };
    void workerLoop(std::stop_token stop);

    mutable std::mutex m_mutex;
    std::condition_variable_any m_wakeWorkers;
    std::deque<std::shared_ptr<Job>> m_queue;
    std::vector<std::shared_ptr<Job>> m_running;
    std::vector<std::function<void()>> m_mainThreadQueue;
    std::vector<std::string> m_failures;
    std::function<void()> m_wake;
    std::uint64_t m_nextId = 1;
    std::vector<std::jthread> m_workers;  // last: joined first on destruction
};

}  // namespace cicatrix::workstation
