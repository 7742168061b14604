// Worker pool: results come back through the main-thread queue, cancellation, priorities,
// failures caught at the edge, and interactive work never waiting behind long background jobs.
// Real threads, sequenced with latches and promises.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {
namespace {

using namespace std::chrono_literals;

// How long a test waits for a job that should run at once before calling it stuck: a guard
// against hanging when the behaviour is broken, not a timing assertion.
constexpr auto kHangGuard = 30s;

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
    std::latch started(1);
    std::atomic<bool> sawStop{false};
    std::atomic<bool> queuedRan{false};
    JobSystem jobs(JobWorkers{1, 1});
    const auto running = jobs.submit(
        "long",
        [&](JobContext& ctx) {
            started.count_down();
            while (!ctx.stopRequested()) std::this_thread::sleep_for(1ms);
            sawStop = true;
        },
        JobKind::Background);
    started.wait();
    const auto queued = jobs.submit(
        "queued", [&](JobContext&) { queuedRan = true; }, JobKind::Background);
    auto status = jobs.status();
    ASSERT_EQ(status.size(), 2u);
    EXPECT_TRUE(status[0].running);
    EXPECT_FALSE(status[1].running);
    EXPECT_EQ(status[1].kind, JobKind::Background);
    jobs.cancel(queued);
    jobs.cancel(running);
    drainUntilIdle(jobs);
    EXPECT_TRUE(sawStop);
    EXPECT_FALSE(queuedRan);
}

TEST(JobSystem, HighPriorityJumpsTheQueue) {
    std::latch releaseInteractive(1);
    std::latch releaseBackground(1);
    std::latch backgroundBusy(1);
    std::latch interactiveBusy(1);
    std::vector<std::string> order;
    std::mutex m;
    std::promise<void> lastDone;
    JobSystem jobs(JobWorkers{1, 1});
    // Both workers busy, so the queued jobs below run one by one on the interactive worker.
    // The long job goes first: an idle background worker would also take the blocker.
    jobs.submit(
        "long",
        [&](JobContext&) {
            backgroundBusy.count_down();
            releaseBackground.wait();
        },
        JobKind::Background);
    backgroundBusy.wait();
    jobs.submit("blocker", [&](JobContext&) {
        interactiveBusy.count_down();
        releaseInteractive.wait();
    });
    interactiveBusy.wait();
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
    jobs.submit("last", [&](JobContext&) { lastDone.set_value(); });
    releaseInteractive.count_down();
    lastDone.get_future().wait();
    releaseBackground.count_down();
    drainUntilIdle(jobs);
    EXPECT_EQ(order, (std::vector<std::string>{"urgent", "normal-1", "normal-2"}));
}

TEST(JobSystem, TwoCoreMachineGetsAWorkerPerLane) {
    const JobWorkers two = JobSystem::workersFor(2);
    EXPECT_EQ(two.interactive, 1u);
    EXPECT_EQ(two.background, 1u);
    const JobWorkers unknown = JobSystem::workersFor(0);
    EXPECT_EQ(unknown.interactive, 1u);
    EXPECT_EQ(unknown.background, 1u);
    const JobWorkers many = JobSystem::workersFor(16);
    EXPECT_GE(many.interactive, 2u);
    EXPECT_GE(many.background, 1u);
    EXPECT_LE(many.interactive + many.background, 16u);
}

// The bug: on a 2-core machine the pool had one worker, so "Analyse the whole library" (or the
// model load) held back thumbnails, decodes and the patient list until it finished.
TEST(JobSystem, ABlockedBackgroundJobDoesNotHoldBackInteractiveWorkOnTwoCores) {
    std::latch started(1);
    std::latch release(1);
    std::promise<void> thumbnailDone;
    auto thumbnail = thumbnailDone.get_future();
    JobSystem jobs(JobSystem::workersFor(2));
    jobs.submit(
        "Analyse: library",
        [&](JobContext&) {
            started.count_down();
            release.wait();  // a long job still running
        },
        JobKind::Background);
    started.wait();
    jobs.submit("Thumbnail: a.jpg", [&](JobContext&) { thumbnailDone.set_value(); });
    const bool completed = thumbnail.wait_for(kHangGuard) == std::future_status::ready;
    release.count_down();
    drainUntilIdle(jobs);
    EXPECT_TRUE(completed) << "the interactive job waited behind the background one";
}

TEST(JobSystem, QueuedBackgroundJobsDoNotStarveInteractiveOnes) {
    constexpr int kBackground = 3;
    constexpr int kInteractive = 8;
    std::latch firstStarted(1);
    std::latch release(1);
    std::atomic<int> backgroundStarted{0};
    std::atomic<int> interactiveDone{0};
    std::promise<void> allInteractiveDone;
    auto interactive = allInteractiveDone.get_future();
    JobSystem jobs(JobSystem::workersFor(2));
    for (int i = 0; i < kBackground; ++i) {
        jobs.submit(
            "Import",
            [&](JobContext&) {
                if (++backgroundStarted == 1)
                    firstStarted.count_down();
                release.wait();
            },
            JobKind::Background);
    }
    firstStarted.wait();
    for (int i = 0; i < kInteractive; ++i) {
        jobs.submit("Load timeline", [&](JobContext&) {
            if (++interactiveDone == kInteractive)
                allInteractiveDone.set_value();
        });
    }
    const bool completed = interactive.wait_for(kHangGuard) == std::future_status::ready;
    const int interactiveRan = interactiveDone.load();
    // The interactive worker never took a long job: one runs, the others still wait.
    const int startedWhileBlocked = backgroundStarted.load();
    int queuedBackground = 0;
    for (const JobStatus& job : jobs.status()) {
        queuedBackground += job.kind == JobKind::Background && !job.running ? 1 : 0;
    }
    release.count_down();
    drainUntilIdle(jobs);
    EXPECT_TRUE(completed) << interactiveRan << " of " << kInteractive
                           << " interactive jobs ran while the background ones were queued";
    EXPECT_EQ(startedWhileBlocked, 1);
    EXPECT_EQ(queuedBackground, kBackground - 1);
    EXPECT_EQ(backgroundStarted.load(), kBackground);  // and they all run once released
}

TEST(JobSystem, AnIdleBackgroundWorkerHelpsWithInteractiveJobs) {
    std::latch started(1);
    std::latch release(1);
    std::promise<void> secondDone;
    auto second = secondDone.get_future();
    JobSystem jobs(JobWorkers{1, 1});
    jobs.submit("Decode: a.jpg", [&](JobContext&) {
        started.count_down();
        release.wait();
    });
    started.wait();
    jobs.submit("Thumbnail: b.jpg", [&](JobContext&) { secondDone.set_value(); });
    const bool completed = second.wait_for(kHangGuard) == std::future_status::ready;
    release.count_down();
    drainUntilIdle(jobs);
    EXPECT_TRUE(completed);
}

TEST(JobSystem, ALongJobStopsMidRunWhenCancelled) {
    constexpr int kSteps = 1000;
    std::latch reachedStep(1);
    std::latch cancelled(1);
    std::atomic<int> steps{0};
    std::atomic<bool> sawStop{false};
    JobSystem jobs(JobSystem::workersFor(2));
    const auto id = jobs.submit(
        "Analyse: library",
        [&](JobContext& ctx) {
            for (int i = 0; i < kSteps; ++i) {
                if (ctx.stopRequested()) {
                    sawStop = true;
                    return;
                }
                if (i == 3) {
                    reachedStep.count_down();
                    cancelled.wait();
                }
                ++steps;
            }
        },
        JobKind::Background);
    reachedStep.wait();
    jobs.cancel(id);
    cancelled.count_down();
    drainUntilIdle(jobs);
    EXPECT_TRUE(sawStop);
    EXPECT_EQ(steps.load(), 4);  // the step in progress finished, no later one started
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

TEST(JobSystem, AThrowingJobRunsItsFailureHandlerOnTheMainThread) {
    JobSystem jobs(1);
    const auto mainThread = std::this_thread::get_id();
    std::string handled;
    std::thread::id handledOn;
    bool resultPosted = false;
    jobs.submit("decode", [&](JobContext& ctx) {
        ctx.onFailure([&](const std::string& why) {
            handled = why;
            handledOn = std::this_thread::get_id();
        });
        throw std::runtime_error("out of memory");
        jobs.post([&] { resultPosted = true; });  // never reached: the handler stands in for it
    });
    jobs.submit("fine", [&](JobContext& ctx) {
        ctx.onFailure([&](const std::string&) { ADD_FAILURE() << "no failure, no handler"; });
    });
    drainUntilIdle(jobs);
    EXPECT_EQ(handled, "out of memory");
    EXPECT_EQ(handledOn, mainThread);
    EXPECT_FALSE(resultPosted);
}

}  // namespace
}  // namespace cicatrix::workstation
