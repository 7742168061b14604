// Worker pool with a priority-aware deque and a main-thread callback queue.
#include "workstation/jobs/job_system.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace cicatrix::workstation {

JobSystem::JobSystem(unsigned workers, std::function<void()> wake) : m_wake(std::move(wake)) {
    workers = std::max(1u, workers);
    for (unsigned i = 0; i < workers; ++i) {
        m_workers.emplace_back([this](std::stop_token stop) { workerLoop(stop); });
    }
}

JobSystem::~JobSystem() {
    cancelAll();
    for (auto& worker : m_workers) {
        worker.request_stop();
    }
    m_wakeWorkers.notify_all();
    m_workers.clear();  // joins
}

std::uint64_t JobSystem::submit(std::string name, Work work, JobPriority priority) {
    auto job = std::make_shared<Job>();
    job->name = std::move(name);
    job->work = std::move(work);
    job->progress = std::make_shared<std::atomic<float>>(-1.0f);
    {
        std::scoped_lock lock(m_mutex);
        job->id = m_nextId++;
        if (priority == JobPriority::High) {
            m_queue.push_front(job);
        } else {
            m_queue.push_back(job);
        }
    }
    m_wakeWorkers.notify_one();
    return job->id;
}

void JobSystem::cancel(std::uint64_t id) {
    std::scoped_lock lock(m_mutex);
    std::erase_if(m_queue, [id](const auto& job) { return job->id == id; });
    for (auto& job : m_running) {
        if (job->id == id) {
            job->stop.request_stop();
        }
    }
}

void JobSystem::cancelAll() {
    std::scoped_lock lock(m_mutex);
    m_queue.clear();
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
        out.push_back({job->id, job->name, job->progress->load(), true});
    }
    for (const auto& job : m_queue) {
        out.push_back({job->id, job->name, -1.0f, false});
    }
    return out;
}

bool JobSystem::idle() const {
    std::scoped_lock lock(m_mutex);
    return m_queue.empty() && m_running.empty() && m_mainThreadQueue.empty();
}

std::vector<std::string> JobSystem::takeFailures() {
    std::scoped_lock lock(m_mutex);
    return std::exchange(m_failures, {});
}

void JobSystem::workerLoop(std::stop_token stop) {
    while (true) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_wakeWorkers.wait(lock, stop, [this] { return !m_queue.empty(); });
            if (stop.stop_requested()) {
                return;
            }
            job = m_queue.front();
            m_queue.pop_front();
            job->running = true;
            m_running.push_back(job);
        }
        JobContext context(job->stop.get_token(), job->progress);
        try {
            job->work(context);
        } catch (const std::exception& e) {
            std::scoped_lock lock(m_mutex);
            m_failures.push_back(job->name + ": " + e.what());
        } catch (...) {
            std::scoped_lock lock(m_mutex);
            m_failures.push_back(job->name + ": unknown error");
        }
        {
            std::scoped_lock lock(m_mutex);
            std::erase(m_running, job);
        }
        if (m_wake) {
            m_wake();  // the status bar changes when a job ends
        }
    }
}

}  // namespace cicatrix::workstation
