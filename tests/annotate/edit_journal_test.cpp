// EditJournal: replay restores the exact map and undo stack, a torn tail is dropped and counted, a
// journal from another base is kept aside and never applied, and a real SIGKILL of a process in
// the middle of edits loses at most the last ~2 s of them (bound from the edits' own timestamps).
#include "annotate/edit_journal.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include "edit_script.hpp"

namespace cicatrix::annotate {
namespace {

namespace fs = std::filesystem;
using testing::EditScript;
using testing::sameMap;
using testing::ScriptStep;

class EditJournalTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("cicatrix_journal_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

// Applies one script step to the app-side map and stack, and journals it (the app's sequence).
// Returns false when the step did nothing (an undo/redo with nothing to take), which is not
// journaled either.
bool doStep(ScriptStep step, cv::Mat& labels, UndoStack& stack, EditJournal* journal) {
    switch (step.kind) {
        case ScriptStep::Kind::Edit:
            apply(labels, step.edit);
            if (journal) {
                EXPECT_TRUE(journal->append(step.edit));
            }
            stack.push(std::move(step.edit));
            return true;
        case ScriptStep::Kind::Undo:
            if (!stack.undo(labels)) {
                return false;
            }
            if (journal) {
                EXPECT_TRUE(journal->appendUndo());
            }
            return true;
        case ScriptStep::Kind::Redo:
            if (!stack.redo(labels)) {
                return false;
            }
            if (journal) {
                EXPECT_TRUE(journal->appendRedo());
            }
            return true;
    }
    return false;
}

// The map after the first `count` journaled steps of `seed`'s script, replayed without a journal.
std::vector<cv::Mat> referenceStates(std::uint32_t seed, const cv::Mat& base, std::size_t count,
                                     UndoLimits limits = {}) {
    std::vector<cv::Mat> states{base.clone()};
    cv::Mat labels = base.clone();
    UndoStack stack(limits);
    EditScript script(seed, base.size());
    while (states.size() <= count) {
        if (doStep(script.next(labels), labels, stack, nullptr)) {
            states.push_back(labels.clone());
        }
    }
    return states;
}

void expectSameStacks(UndoStack& a, cv::Mat& mapA, UndoStack& b, cv::Mat& mapB) {
    ASSERT_EQ(a.depth(), b.depth());
    ASSERT_EQ(a.redoCount(), b.redoCount());
    ASSERT_EQ(a.bytes(), b.bytes());
    while (a.canUndo()) {
        ASSERT_EQ(a.undo(mapA), b.undo(mapB));
        ASSERT_TRUE(sameMap(mapA, mapB));
    }
    while (a.canRedo()) {
        ASSERT_EQ(a.redo(mapA), b.redo(mapB));
        ASSERT_TRUE(sameMap(mapA, mapB));
    }
}

TEST_F(EditJournalTest, ReopenRestoresExactMapAndUndoStack) {
    const cv::Mat base(41, 53, CV_8UC1, cv::Scalar(3));
    const UndoLimits limits{25, std::size_t{1} << 30};  // small depth: drops replay the same way
    cv::Mat labels = base.clone();
    UndoStack stack(limits);
    std::size_t steps = 0;
    {
        auto journal =
            EditJournal::create(m_dir, "photo-7_from-v3", "sha-v3:sha-photo", base.size(), limits);
        ASSERT_TRUE(journal) << journal.error().message;
        EditScript script(42, base.size());
        for (int i = 0; i < 400; ++i) {
            steps += doStep(script.next(labels), labels, stack, &*journal) ? 1 : 0;
            if (i == 200) {
                ASSERT_TRUE(journal->flush());
            }
        }
    }  // destroyed without flush(): the destructor writes what is queued

    auto recovered = EditJournal::recover(m_dir, "photo-7_from-v3", "sha-v3:sha-photo", base);
    ASSERT_TRUE(recovered) << recovered.error().message;
    ASSERT_TRUE(recovered->has_value());
    JournalRecovery& r = **recovered;
    EXPECT_EQ(r.edits + r.undos + r.redos, steps);
    EXPECT_GT(r.undos, 0u);
    EXPECT_GT(r.redos, 0u);
    EXPECT_EQ(r.droppedRecords, 0u);
    EXPECT_EQ(r.baseId, "sha-v3:sha-photo");
    EXPECT_TRUE(sameMap(r.labels, labels));
    EXPECT_NE(r.describe().find("restored"), std::string::npos);
    expectSameStacks(stack, labels, r.undo, r.labels);
}

TEST_F(EditJournalTest, TornLastRecordIsDroppedAndCounted) {
    const cv::Mat base(30, 30, CV_8UC1, cv::Scalar(0));
    const std::uint32_t seed = 7;
    std::size_t steps = 0;
    fs::path path;
    {
        auto journal = EditJournal::create(m_dir, "torn", "base", base.size());
        ASSERT_TRUE(journal);
        path = journal->path();
        cv::Mat labels = base.clone();
        UndoStack stack;
        EditScript script(seed, base.size(), 0, 0);  // edits only: the last record is an edit
        for (int i = 0; i < 20; ++i) {
            steps += doStep(script.next(labels), labels, stack, &*journal) ? 1 : 0;
        }
        ASSERT_TRUE(journal->flush());
    }
    ASSERT_EQ(steps, 20u);
    std::vector<cv::Mat> states;
    {
        cv::Mat labels = base.clone();
        UndoStack stack;
        EditScript script(seed, base.size(), 0, 0);
        states.push_back(labels.clone());
        for (int i = 0; i < 20; ++i) {
            doStep(script.next(labels), labels, stack, nullptr);
            states.push_back(labels.clone());
        }
    }
    const auto fullSize = fs::file_size(path);
    const fs::path intact = m_dir / "intact.copy";
    fs::copy_file(path, intact);

    // kill -9 in the middle of the last write: its tail is missing.
    fs::resize_file(path, fullSize - 3);
    auto torn = EditJournal::recover(m_dir, "torn", "base", base);
    ASSERT_TRUE(torn && torn->has_value());
    EXPECT_EQ((*torn)->edits, 19u);
    EXPECT_EQ((*torn)->droppedRecords, 1u);
    EXPECT_GT((*torn)->droppedBytes, 0u);
    EXPECT_TRUE(sameMap((*torn)->labels, states[19]));
    EXPECT_NE((*torn)->describe().find("incomplete"), std::string::npos);

    // Garbage after complete records (a length that points past the end, or a bad CRC).
    fs::remove(path);
    fs::copy_file(intact, path);
    {
        std::ofstream out(path, std::ios::binary | std::ios::app);
        out.write("\x40\x00\x00\x00\xde\xad\xbe\xef garbage", 17);
    }
    auto garbage = EditJournal::recover(m_dir, "torn", "base", base);
    ASSERT_TRUE(garbage && garbage->has_value());
    EXPECT_EQ((*garbage)->edits, 20u);
    EXPECT_EQ((*garbage)->droppedRecords, 1u);
    EXPECT_EQ((*garbage)->droppedBytes, 17u);
    EXPECT_TRUE(sameMap((*garbage)->labels, states[20]));

    // Continuing after recovery cuts the garbage off; new records follow the replayed ones.
    cv::Mat labels = (*garbage)->labels.clone();
    UndoStack& stack = (*garbage)->undo;
    {
        auto resumed = EditJournal::resume(m_dir, "torn", **garbage);
        ASSERT_TRUE(resumed) << resumed.error().message;
        ASSERT_TRUE(stack.undo(labels));
        ASSERT_TRUE(resumed->appendUndo());
        LabelEdit edit{"After resume", cv::Rect(1, 2, 5, 4), labels(cv::Rect(1, 2, 5, 4)).clone(),
                       cv::Mat(4, 5, CV_8UC1, cv::Scalar(4))};
        apply(labels, edit);
        ASSERT_TRUE(resumed->append(edit));
        stack.push(std::move(edit));
        ASSERT_TRUE(resumed->flush());
    }
    auto again = EditJournal::recover(m_dir, "torn", "base", base);
    ASSERT_TRUE(again && again->has_value());
    EXPECT_EQ((*again)->droppedRecords, 0u);
    EXPECT_EQ((*again)->edits, 21u);
    EXPECT_EQ((*again)->undos, 1u);
    EXPECT_TRUE(sameMap((*again)->labels, labels));
}

TEST_F(EditJournalTest, JournalFromAnotherBaseIsKeptAsideNotApplied) {
    const cv::Mat base(16, 16, CV_8UC1, cv::Scalar(0));
    {
        auto journal = EditJournal::create(m_dir, "k", "version-A", base.size());
        ASSERT_TRUE(journal);
        ASSERT_TRUE(journal->append(LabelEdit{"Fill", cv::Rect(0, 0, 4, 4),
                                              cv::Mat(4, 4, CV_8UC1, cv::Scalar(0)),
                                              cv::Mat(4, 4, CV_8UC1, cv::Scalar(2))}));
    }
    auto mismatch = EditJournal::recover(m_dir, "k", "version-B", base);
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().code, JournalErrorCode::BaseMismatch);
    ASSERT_TRUE(mismatch.error().keptAside);
    EXPECT_TRUE(fs::exists(*mismatch.error().keptAside));
    EXPECT_FALSE(fs::exists(EditJournal::pathFor(m_dir, "k")));
    EXPECT_EQ(cv::countNonZero(base), 0);  // the base is never touched

    // Nothing left to recover now; a new session can start.
    auto none = EditJournal::recover(m_dir, "k", "version-B", base);
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    EXPECT_TRUE(EditJournal::create(m_dir, "k", "version-B", base.size()));

    // A map of another size is another base too.
    const cv::Mat bigger(17, 16, CV_8UC1, cv::Scalar(0));
    auto sized = EditJournal::recover(m_dir, "k", "version-B", bigger);
    ASSERT_FALSE(sized);
    EXPECT_EQ(sized.error().code, JournalErrorCode::BaseMismatch);
}

TEST_F(EditJournalTest, CreateRefusesExistingJournalAndDiscardRemovesIt) {
    auto first = EditJournal::create(m_dir, "same", "base", cv::Size(8, 8));
    ASSERT_TRUE(first);
    auto second = EditJournal::create(m_dir, "same", "base", cv::Size(8, 8));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, JournalErrorCode::Exists);
    EXPECT_FALSE(EditJournal::create(m_dir, "../escape", "base", cv::Size(8, 8)));
    EXPECT_FALSE(EditJournal::create(m_dir, ".hidden", "base", cv::Size(8, 8)));

    ASSERT_TRUE(first->discard());
    EXPECT_FALSE(fs::exists(EditJournal::pathFor(m_dir, "same")));
    auto none = EditJournal::recover(m_dir, "same", "base", cv::Mat(8, 8, CV_8UC1));
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    EXPECT_TRUE(EditJournal::discard(m_dir, "same"));  // nothing there: fine
}

// A real kill -9: the child edits (never calling flush(): only the journal's own policy writes)
// and reports each journaled step and its time through a pipe; the parent kills it at a random
// moment and checks that the recovered map is the child's map after k steps, with every step made
// more than 2 s before the kill among them.
struct StepReport {
    std::uint64_t index;
    std::int64_t steadyNs;
};

std::int64_t steadyNow() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

[[noreturn]] void childEdits(const fs::path& dir, std::uint32_t seed, const cv::Mat& base,
                             int out) {
    auto journal = EditJournal::create(dir, "killed", "base", base.size());
    if (!journal) {
        ::_exit(3);
    }
    cv::Mat labels = base.clone();
    UndoStack stack;
    EditScript script(seed, base.size());
    for (std::uint64_t done = 0;;) {
        if (doStep(script.next(labels), labels, stack, &*journal)) {
            ++done;
            const StepReport report{done, steadyNow()};
            if (::write(out, &report, sizeof report) != static_cast<ssize_t>(sizeof report)) {
                ::_exit(4);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

TEST_F(EditJournalTest, RealKillMinus9LosesAtMostTheLastTwoSeconds) {
    const cv::Mat base(300, 400, CV_8UC1, cv::Scalar(0));
    std::mt19937 delays(std::random_device{}());
    int meaningfulTrials = 0;  // trials where some step was older than the 2 s bound
    for (std::uint32_t trial = 0; trial < 3; ++trial) {
        SCOPED_TRACE("trial " + std::to_string(trial));
        const std::uint32_t seed = 1000 + trial;
        ASSERT_TRUE(EditJournal::discard(m_dir, "killed"));
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(fds[0]);
            childEdits(m_dir, seed, base, fds[1]);
        }
        ::close(fds[1]);
        // Longer than the 2 s bound, so that the oldest steps must have been kept.
        const auto delay = std::uniform_int_distribution<int>(2800, 3600)(delays);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        const std::int64_t killedAt = steadyNow();
        ASSERT_EQ(::kill(child, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "child status " << status;

        std::vector<StepReport> reports;
        StepReport report{};
        while (::read(fds[0], &report, sizeof report) == static_cast<ssize_t>(sizeof report)) {
            reports.push_back(report);
        }
        ::close(fds[0]);
        ASSERT_FALSE(reports.empty());
        const std::size_t made = reports.back().index;
        std::size_t mustKeep = 0;  // steps made more than 2 s before the kill
        for (const StepReport& r : reports) {
            if (killedAt - r.steadyNs > 2'000'000'000) {
                mustKeep = r.index;
            }
        }

        auto recovered = EditJournal::recover(m_dir, "killed", "base", base);
        ASSERT_TRUE(recovered) << recovered.error().message;
        ASSERT_TRUE(recovered->has_value());
        const JournalRecovery& r = **recovered;
        const std::size_t k = r.edits + r.undos + r.redos;
        EXPECT_LE(k, made);
        meaningfulTrials += mustKeep > 0 ? 1 : 0;
        EXPECT_GE(k, mustKeep) << made << " steps made, " << k << " recovered";
        const std::vector<cv::Mat> states = referenceStates(seed, base, made);
        EXPECT_TRUE(sameMap(r.labels, states[k])) << "recovered " << k << " of " << made;
        std::cout << "[ trial " << trial << " ] " << made << " steps made, " << k << " recovered, "
                  << r.droppedRecords << " torn\n";
    }
    EXPECT_GT(meaningfulTrials, 0) << "no child made a step more than 2 s before its kill";
}

}  // namespace
}  // namespace cicatrix::annotate
