// The texture budget: least recently used entries go first, what is on screen stays.
#include <gtest/gtest.h>

#include "render/lru_budget.hpp"

namespace cicatrix::render {
namespace {

TEST(LruBudget, EvictsLeastRecentlyUsedUntilUnderBudget) {
    LruBudget lru(300);
    lru.beginFrame();
    lru.insert("a", 100);
    lru.insert("b", 100);
    lru.insert("c", 100);
    lru.beginFrame();
    lru.touch("a");  // a is now the most recent
    lru.insert("d", 100);
    EXPECT_EQ(lru.usedBytes(), 400u);
    const auto evicted = lru.evictions();
    EXPECT_EQ(evicted, (std::vector<std::string>{"b"}));
    EXPECT_EQ(lru.usedBytes(), 300u);
    EXPECT_FALSE(lru.contains("b"));
    EXPECT_TRUE(lru.contains("a"));
}

TEST(LruBudget, KeepsWhatWasUsedThisFrameEvenOverBudget) {
    LruBudget lru(100);
    lru.beginFrame();
    lru.insert("x", 80);
    lru.insert("y", 80);
    EXPECT_TRUE(lru.evictions().empty());
    lru.beginFrame();
    lru.touch("y");
    EXPECT_EQ(lru.evictions(), (std::vector<std::string>{"x"}));
}

TEST(LruBudget, BrowsingManyItemsStaysWithinBudget) {
    LruBudget lru(10 * 1000);
    for (int i = 0; i < 500; ++i) {
        lru.beginFrame();
        lru.insert("photo-" + std::to_string(i), 1000);
        (void)lru.evictions();
        EXPECT_LE(lru.usedBytes(), 10u * 1000u);
    }
    EXPECT_EQ(lru.size(), 10u);
}

TEST(LruBudget, ReinsertReplacesTheSize) {
    LruBudget lru(1000);
    lru.insert("k", 400);
    lru.insert("k", 100);
    EXPECT_EQ(lru.usedBytes(), 100u);
    lru.erase("k");
    EXPECT_EQ(lru.usedBytes(), 0u);
}

TEST(LruBudget, PinnedEntriesSurviveEvenWhenUnusedAndOverBudget) {
    LruBudget lru(100);
    lru.beginFrame();
    lru.insert("layer", 80);  // the oldest entry
    lru.pin("layer");
    lru.insert("photo", 80);
    for (int frame = 0; frame < 10; ++frame) {
        lru.beginFrame();  // neither is touched any more
        for (const std::string& key : lru.evictions()) {
            EXPECT_NE(key, "layer");
        }
    }
    EXPECT_TRUE(lru.contains("layer"));
    EXPECT_FALSE(lru.contains("photo"));  // the walk stepped over the pinned one to evict this
    EXPECT_EQ(lru.usedBytes(), 80u);
}

TEST(LruBudget, UnpinnedEntriesBecomeEvictableAgain) {
    LruBudget lru(50);
    lru.beginFrame();
    lru.insert("layer", 80);
    lru.pin("layer");
    lru.pin("layer");  // pinned twice: two unpins release it
    lru.beginFrame();
    EXPECT_TRUE(lru.evictions().empty());
    lru.unpin("layer");
    EXPECT_TRUE(lru.pinned("layer"));
    EXPECT_TRUE(lru.evictions().empty());
    lru.unpin("layer");
    EXPECT_FALSE(lru.pinned("layer"));
    EXPECT_EQ(lru.evictions(), (std::vector<std::string>{"layer"}));
    EXPECT_EQ(lru.usedBytes(), 0u);
    lru.unpin("layer");  // unpinning an unpinned key is harmless
    EXPECT_FALSE(lru.pinned("layer"));
}

TEST(LruBudget, PinsBelongToTheKeyAcrossInsertAndReplace) {
    LruBudget lru(10);
    lru.pin("overlay");  // pinned while its upload is still in flight
    lru.beginFrame();
    lru.insert("overlay", 100);
    lru.insert("other", 5);
    lru.beginFrame();
    lru.insert("overlay", 120);  // replaced after an edit: still pinned
    lru.beginFrame();
    EXPECT_EQ(lru.evictions(), (std::vector<std::string>{"other"}));
    EXPECT_TRUE(lru.contains("overlay"));
    EXPECT_EQ(lru.usedBytes(), 120u);
}

TEST(LruBudget, EvictsOlderUnpinnedEntriesPastAPinnedOne) {
    LruBudget lru(100);
    lru.beginFrame();
    lru.insert("oldest", 50);
    lru.insert("pinned", 50);
    lru.insert("newer", 50);
    lru.pin("pinned");
    lru.beginFrame();
    lru.touch("newer");
    lru.insert("current", 50);
    // 200 bytes: "oldest" goes; "pinned" stays; "newer" and "current" were used this frame.
    EXPECT_EQ(lru.evictions(), (std::vector<std::string>{"oldest"}));
    EXPECT_EQ(lru.usedBytes(), 150u);
}

}  // namespace
}  // namespace cicatrix::render
