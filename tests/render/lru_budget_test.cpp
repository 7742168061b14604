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

}  // namespace
}  // namespace cicatrix::render
