// Worker pool with two lanes (interactive, background), each a priority-aware deque, and a
// main-thread callback queue. Thread rules are in the header.
#include "workstation/jobs/job_system.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace cicatrix::workstation {

JobWorkers JobSystem::workersFor(unsigned hardwareThreads) {
    const unsigned threads = std::max(2u, hardwareThreads);
    JobWorkers workers;
    workers.background = threads >= 8 ? 2u : 1u;
    // The main thread keeps one core; the rest serve the user first.
    workers.interactive = std::max(1u, threads - 1 - workers.background);
    return workers;
}

JobSystem::JobSystem(JobWorkers workers, std::function<void()> wake) : m_wake(std::move(wake)) {
    const unsigned interactive = std::max(1u, workers.interactive);
    const unsigned background = std::max(1u, workers.background);
    for (unsigned i = 0; i < interactive + background; ++i) {
        const JobKind lane = i < interactive ? JobKind::Interactive : JobKind::Background;
        m_workers.emplace_back([this, lane](std::stop_token stop) { workerLoop(stop, lane); });
    }
}

JobSystem::JobSystem(unsigned interactiveWorkers, std::function<void()> wake)
    : JobSystem(JobWorkers{interactiveWorkers, 1}, std::move(wake)) {}

JobSystem::~JobSystem() {
    cancelAll();
    for (auto& worker : m_workers) {
        worker.request_stop();
    }
    m_wakeWorkers.notify_all();
    m_workers.clear();  // joins
}

std::uint64_t JobSystem::submit(std::string name, Work work, JobPriority priority) {
    return submit(std::move(name), std::move(work), JobKind::Interactive, priority);
}

std::uint64_t JobSystem::submit(std::string name, Work work, JobKind kind, JobPriority priority) {
    auto job = std::make_shared<Job>();
    job->name = std::move(name);
    job->kind = kind;
    job->work = std::move(work);
    job->progress = std::make_shared<std::atomic<float>>(-1.0f);
    {
        std::scoped_lock lock(m_mutex);
        job->id = m_nextId++;
        if (priority == JobPriority::High) {
            queue(kind).push_front(job);
        } else {
            queue(kind).push_back(job);
        }
    }
    // Workers of both lanes share one condition variable and only some may take this job:
    // wake them all (a handful of threads) rather than one that might not be allowed to.
    m_wakeWorkers.notify_all();
    return job->id;
}

void JobSystem::cancel(std::uint64_t id) {
    std::scoped_lock lock(m_mutex);
    for (auto& queued : m_queues) {
        std::erase_if(queued, [id](const auto& job) { return job->id == id; });
    }
    for (auto& job : m_running) {
        if (job->id == id) {
            job->stop.request_stop();
        }
    }
}

void JobSystem::cancelAll() {
    std::scoped_lock lock(m_mutex);
    for (auto& queued : m_queues) {
        queued.clear();
    }
    for (auto& job : m_running) {
        job->stop.request_stop();
    }
}

void JobSystem::post(std::function<void()> callback) {
    {
        std::scoped_lock lock(m_mutex);
        m_mainThreadQueue.push_back(std::move(callback));
    }
    if (m_wake) {
        m_wake();
    }
}

void JobSystem::drainMainThreadQueue() {
    std::vector<std::function<void()>> callbacks;
    {
        std::scoped_lock lock(m_mutex);
        callbacks.swap(m_mainThreadQueue);
    }
    for (auto& callback : callbacks) {
        callback();
    }
}

std::vector<JobStatus> JobSystem::status() const {
    std::scoped_lock lock(m_mutex);
    std::vector<JobStatus> out;
    for (const auto& job : m_running) {
        out.push_back({job->id, job->name, job->progress->load(), true, job->kind});
    }
    for (const auto& queued : m_queues) {
        for (const auto& job : queued) {
            out.push_back({job->id, job->name, -1.0f, false, job->kind});
        }
    }
    return out;
}

bool JobSystem::idle() const {
    std::scoped_lock lock(m_mutex);
    return std::ranges::all_of(m_queues, [](const Queue& q) { return q.empty(); }) &&
           m_running.empty() && m_mainThreadQueue.empty();
}

std::vector<std::string> JobSystem::takeFailures() {
    std::scoped_lock lock(m_mutex);
    return std::exchange(m_failures, {});
}

void JobSystem::workerLoop(std::stop_token stop, JobKind lane) {
    // An interactive worker takes only interactive jobs. A background worker takes background
    // jobs first and helps with interactive ones while no long job waits.
    const bool background = lane == JobKind::Background;
    while (true) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_wakeWorkers.wait(lock, stop, [this, background] {
                return !queue(JobKind::Interactive).empty() ||
                       (background && !queue(JobKind::Background).empty());
            });
            if (stop.stop_requested()) {
                return;
            }
            Queue& from = background && !queue(JobKind::Background).empty()
                              ? queue(JobKind::Background)
                              : queue(JobKind::Interactive);
            job = from.front();
            from.pop_front();
            m_running.push_back(job);
        }
        run(*job);
        {
            std::scoped_lock lock(m_mutex);
            std::erase(m_running, job);
        }
        if (m_wake) {
            m_wake();  // the status bar changes when a job ends
        }
    }
}

void JobSystem::run(Job& job) {
    JobContext context(job.stop.get_token(), job.progress);
    std::string failure;
    try {
        job.work(context);
        return;
    } catch (const std::exception& e) {
        failure = e.what();
    } catch (...) {
        failure = "unknown error";
    }
    {
        std::scoped_lock lock(m_mutex);
        m_failures.push_back(job.name + ": " + failure);
    }
    if (context.m_onFailure) {
        post([handler = std::move(context.m_onFailure), failure] { handler(failure); });
    }
}

}  // namespace cicatrix::workstation
