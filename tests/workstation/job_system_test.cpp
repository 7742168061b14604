// Worker pool: results come back through the main-thread queue, cancellation, priorities,
// failures caught at the edge.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <stdexcept>
#include <thread>

#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {
namespace {

using namespace std::chrono_literals;

void drainUntilIdle(JobSystem& jobs) {
    for (int i = 0; i < 2000 && !jobs.idle(); ++i) {
        jobs.drainMainThreadQueue();
        std::this_thread::sleep_for(1ms);
    }
    jobs.drainMainThreadQueue();
}

TEST(JobSystem, ResultsRunOnTheThreadThatDrains) {
    std::atomic<int> wakes{0};
    JobSystem jobs(2, [&] { ++wakes; });
    const auto mainThread = std::this_thread::get_id();
    std::vector<int> results;
    std::thread::id callbackThread;
    for (int i = 0; i < 10; ++i) {
        jobs.submit("square", [&jobs, &results, &callbackThread, i](JobContext&) {
            const int r = i * i;
            jobs.post([&results, &callbackThread, r] {
                results.push_back(r);
                callbackThread = std::this_thread::get_id();
            });
        });
    }
    drainUntilIdle(jobs);
    ASSERT_EQ(results.size(), 10u);
    EXPECT_EQ(callbackThread, mainThread);
    EXPECT_GE(wakes.load(), 10);
}

TEST(JobSystem, CancelDropsQueuedJobsAndStopsRunningOnes) {
    JobSystem jobs(1);
    std::latch started(1);
    std::atomic<bool> sawStop{false};
    const auto running = jobs.submit("long", [&](JobContext& ctx) {
        started.count_down();
        while (!ctx.stopRequested()) std::this_thread::sleep_for(1ms);
        sawStop = true;
    });
    started.wait();
    std::atomic<bool> queuedRan{false};
    const auto queued = jobs.submit("queued", [&](JobContext&) { queuedRan = true; });
    auto status = jobs.status();
    ASSERT_EQ(status.size(), 2u);
    EXPECT_TRUE(status[0].running);
    EXPECT_FALSE(status[1].running);
    jobs.cancel(queued);
    jobs.cancel(running);
    drainUntilIdle(jobs);
    EXPECT_TRUE(sawStop);
    EXPECT_FALSE(queuedRan);
}

TEST(JobSystem, HighPriorityJumpsTheQueue) {
    JobSystem jobs(1);
    std::latch release(1);
    jobs.submit("blocker", [&](JobContext&) { release.wait(); });
    std::vector<std::string> order;
    std::mutex m;
    for (const char* name : {"normal-1", "normal-2"}) {
        jobs.submit(name, [&, name](JobContext&) {
            std::scoped_lock l(m);
            order.push_back(name);
        });
    }
    jobs.submit(
        "urgent",
        [&](JobContext&) {
            std::scoped_lock l(m);
            order.push_back("urgent");
        },
        JobPriority::High);
    release.count_down();
    drainUntilIdle(jobs);
    EXPECT_EQ(order, (std::vector<std::string>{"urgent", "normal-1", "normal-2"}));
}

TEST(JobSystem, ExceptionsBecomeReportedFailures) {
    JobSystem jobs(2);
    jobs.submit("boom", [](JobContext&) { throw std::runtime_error("disk on fire"); });
    jobs.submit("progress", [](JobContext& ctx) { ctx.setProgress(0.5f); });
    drainUntilIdle(jobs);
    const auto failures = jobs.takeFailures();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0], "boom: disk on fire");
    EXPECT_TRUE(jobs.takeFailures().empty());
}

}  // namespace
}  // namespace cicatrix::workstation
