// UndoStack against a replayed reference (full map snapshots) on seeded random edit scripts, its
// depth and byte bounds, and the explicit drop of the redo branch.
#include "annotate/undo_stack.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "edit_script.hpp"

namespace cicatrix::annotate {
namespace {

using testing::EditScript;
using testing::sameMap;
using testing::ScriptStep;

// The reference: every map state as a full snapshot, a cursor, and the oldest reachable state.
struct Reference {
    std::vector<cv::Mat> states;
    std::size_t cursor = 0;
    std::size_t floor = 0;  // states below this were forgotten (depth bound)
    std::size_t maxDepth;

    Reference(const cv::Mat& base, std::size_t depth) : states{base.clone()}, maxDepth(depth) {}

    std::size_t push(const cv::Mat& after) {
        const std::size_t dropped = states.size() - 1 - cursor;
        states.resize(cursor + 1);
        states.push_back(after.clone());
        ++cursor;
        if (cursor - floor > maxDepth) {
            floor = cursor - maxDepth;
        }
        return dropped;
    }
    bool undo() { return cursor > floor ? (--cursor, true) : false; }
    bool redo() { return cursor + 1 < states.size() ? (++cursor, true) : false; }
};

void runScript(std::uint32_t seed, cv::Size size, std::size_t maxDepth, int steps) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    cv::Mat labels(size, CV_8UC1, cv::Scalar(0));
    UndoStack stack(UndoLimits{maxDepth, std::size_t{1} << 40});
    Reference reference(labels, maxDepth);
    EditScript script(seed, size);
    for (int i = 0; i < steps; ++i) {
        ScriptStep step = script.next(labels);
        switch (step.kind) {
            case ScriptStep::Kind::Edit: {
                const std::string name = step.edit.name;
                apply(labels, step.edit);
                const std::size_t redoBefore = stack.redoCount();
                const PushResult pushed = stack.push(std::move(step.edit));
                EXPECT_EQ(pushed.redoDropped, reference.push(labels));
                EXPECT_EQ(pushed.redoDropped, redoBefore);
                EXPECT_EQ(stack.undoName(), name);
                break;
            }
            case ScriptStep::Kind::Undo:
                EXPECT_EQ(stack.undo(labels).has_value(), reference.undo());
                break;
            case ScriptStep::Kind::Redo:
                EXPECT_EQ(stack.redo(labels).has_value(), reference.redo());
                break;
        }
        ASSERT_TRUE(sameMap(labels, reference.states[reference.cursor])) << "step " << i;
        EXPECT_EQ(stack.depth(), reference.cursor - reference.floor);
        EXPECT_EQ(stack.redoCount(), reference.states.size() - 1 - reference.cursor);
        EXPECT_EQ(stack.canUndo(), stack.depth() > 0);
        EXPECT_EQ(stack.canRedo(), stack.redoCount() > 0);
        EXPECT_LE(stack.depth(), maxDepth);
    }
    // Undo everything that is kept, then redo it all: every state on the way matches.
    while (stack.undo(labels)) {
        ASSERT_TRUE(reference.undo());
        ASSERT_TRUE(sameMap(labels, reference.states[reference.cursor]));
    }
    EXPECT_FALSE(reference.undo());
    while (stack.redo(labels)) {
        ASSERT_TRUE(reference.redo());
        ASSERT_TRUE(sameMap(labels, reference.states[reference.cursor]));
    }
    EXPECT_FALSE(reference.redo());
}

TEST(UndoStack, RandomScriptsMatchReplayedReference) {
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        runScript(seed, cv::Size(37, 23), 1000, 300);
    }
}

TEST(UndoStack, RandomScriptsWithDepthBoundMatchReference) {
    for (std::uint32_t seed = 100; seed < 110; ++seed) {
        runScript(seed, cv::Size(29, 31), 6, 300);
    }
}

LabelEdit fillEdit(const cv::Mat& labels, cv::Rect rect, std::uint8_t value, std::string name) {
    LabelEdit edit{std::move(name), rect, labels(rect).clone(), {}};
    edit.after = cv::Mat(rect.size(), CV_8UC1, cv::Scalar(value));
    return edit;
}

TEST(UndoStack, ByteBudgetDropsOldestFirst) {
    const std::size_t stepBytes = 10 * 10 * 2;  // both patches of a 10x10 edit
    UndoStack stack(UndoLimits{1000, stepBytes * 4 + stepBytes / 2});
    cv::Mat labels(50, 50, CV_8UC1, cv::Scalar(0));
    std::vector<cv::Mat> states{labels.clone()};
    std::size_t droppedTotal = 0;
    for (int i = 0; i < 12; ++i) {
        LabelEdit edit = fillEdit(labels, cv::Rect(i * 3, i * 3, 10, 10),
                                  static_cast<std::uint8_t>(i + 1), "Fill " + std::to_string(i));
        apply(labels, edit);
        states.push_back(labels.clone());
        droppedTotal += stack.push(std::move(edit)).oldestDropped;
        EXPECT_LE(stack.bytes(), stack.limits().maxBytes);
    }
    EXPECT_EQ(stack.depth(), 4u);
    EXPECT_EQ(stack.bytes(), 4 * stepBytes);
    EXPECT_EQ(droppedTotal, 8u);
    // The newest four are kept: undo lands on state 8, and no further.
    EXPECT_EQ(stack.undo(labels), "Fill 11");
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(stack.undo(labels));
    }
    EXPECT_FALSE(stack.undo(labels));
    EXPECT_TRUE(sameMap(labels, states[8]));
}

TEST(UndoStack, DefaultBoundsAreTheDocumentedOnes) {
    UndoStack stack;
    EXPECT_EQ(stack.limits().maxDepth, 200u);
    EXPECT_EQ(stack.limits().maxBytes, std::size_t{512} * 1024 * 1024);
    cv::Mat labels(8, 8, CV_8UC1, cv::Scalar(0));
    for (int i = 0; i < 250; ++i) {
        LabelEdit edit =
            fillEdit(labels, cv::Rect(i % 8, 0, 1, 1), static_cast<std::uint8_t>(i), "Dot");
        apply(labels, edit);
        stack.push(std::move(edit));
    }
    EXPECT_EQ(stack.depth(), 200u);
}

TEST(UndoStack, EditLargerThanBudgetIsNotKept) {
    UndoStack stack(UndoLimits{10, 100});
    cv::Mat labels(20, 20, CV_8UC1, cv::Scalar(0));
    LabelEdit small = fillEdit(labels, cv::Rect(0, 0, 2, 2), 1, "Small");
    apply(labels, small);
    EXPECT_EQ(stack.push(std::move(small)).oldestDropped, 0u);
    LabelEdit big = fillEdit(labels, cv::Rect(0, 0, 10, 10), 2, "Big");  // 200 bytes > 100
    apply(labels, big);
    const PushResult pushed = stack.push(std::move(big));
    EXPECT_EQ(pushed.oldestDropped, 2u);  // the small one and the big one itself
    EXPECT_EQ(stack.depth(), 0u);
    EXPECT_EQ(stack.bytes(), 0u);
}

TEST(UndoStack, NewEditAfterUndoDropsRedoBranchAndSaysHowMany) {
    UndoStack stack;
    cv::Mat labels(20, 20, CV_8UC1, cv::Scalar(0));
    for (int i = 0; i < 5; ++i) {
        LabelEdit edit = fillEdit(labels, cv::Rect(i, i, 3, 3), static_cast<std::uint8_t>(i + 1),
                                  "Step " + std::to_string(i));
        apply(labels, edit);
        EXPECT_EQ(stack.push(std::move(edit)).redoDropped, 0u);
    }
    EXPECT_EQ(stack.undo(labels), "Step 4");
    EXPECT_EQ(stack.undo(labels), "Step 3");
    EXPECT_EQ(stack.undo(labels), "Step 2");
    EXPECT_EQ(stack.redo(labels), "Step 2");
    EXPECT_EQ(stack.redoCount(), 2u);  // what the app asks before committing a stroke
    EXPECT_EQ(stack.redoName(), "Step 3");

    // An empty edit (a click that changed nothing) keeps the redo branch.
    EXPECT_EQ(stack.push(LabelEdit{"Nothing", {}, {}, {}}).redoDropped, 0u);
    EXPECT_EQ(stack.redoCount(), 2u);

    LabelEdit edit = fillEdit(labels, cv::Rect(10, 10, 4, 4), 9, "New");
    apply(labels, edit);
    EXPECT_EQ(stack.push(std::move(edit)).redoDropped, 2u);
    EXPECT_FALSE(stack.canRedo());
    EXPECT_EQ(stack.redo(labels), std::nullopt);
    EXPECT_EQ(stack.depth(), 4u);
    EXPECT_EQ(stack.undoName(), "New");
}

}  // namespace
}  // namespace cicatrix::annotate
