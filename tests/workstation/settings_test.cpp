// settings.json: every field survives a save and a load; wrong-typed, out-of-range and damaged
// values fall back to that field's default with a message naming the field, never a crash.
#include <gtest/gtest.h>

#include <fstream>

#include "support/test_images.hpp"
#include "workstation/app/settings.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;

void writeText(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    return std::ranges::any_of(
        problems, [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

TEST(Settings, EveryFieldRoundTrips) {
    TempDir dir;
    AppSettings s;
    s.windowX = 12;
    s.windowY = 34;
    s.windowWidth = 1234;
    s.windowHeight = 777;
    s.maximized = true;
    s.layout = {401.0f, 260.0f, 300.0f};
    s.textureBudgetMiB = 1024;
    s.markerMm = 25.0;
    s.alerts = {30.0, 15.0, 12.5, 7.0};
    s.overlay = {false, 0.7f, true, false, false};
    ASSERT_TRUE(saveSettings(dir / "settings.json", s));
    const LoadedSettings loaded = loadSettings(dir / "settings.json");
    EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front();
    const AppSettings& l = loaded.settings;
    EXPECT_EQ(l.windowX, 12);
    EXPECT_EQ(l.windowY, 34);
    EXPECT_EQ(l.windowWidth, 1234);
    EXPECT_EQ(l.windowHeight, 777);
    EXPECT_TRUE(l.maximized);
    EXPECT_FLOAT_EQ(l.layout.sidebarWidth, 401.0f);
    EXPECT_FLOAT_EQ(l.layout.timelineHeight, 260.0f);
    EXPECT_FLOAT_EQ(l.layout.infoWidth, 300.0f);
    EXPECT_EQ(l.textureBudgetMiB, 1024u);
    EXPECT_DOUBLE_EQ(l.markerMm, 25.0);
    EXPECT_DOUBLE_EQ(l.alerts.minReductionAt4WeeksPercent, 30.0);
    EXPECT_DOUBLE_EQ(l.alerts.maxIncreaseBetweenVisitsPercent, 15.0);
    EXPECT_DOUBLE_EQ(l.alerts.necrosisRisePoints, 12.5);
    EXPECT_DOUBLE_EQ(l.alerts.rednessRise, 7.0);
    EXPECT_FALSE(l.overlay.visible);
    EXPECT_FLOAT_EQ(l.overlay.opacity, 0.7f);
    EXPECT_TRUE(l.overlay.outline);
    EXPECT_FALSE(l.overlay.tissueColours);
    EXPECT_FALSE(l.overlay.showAxes);
}

TEST(Settings, WrongTypeGivesTheDefaultAndNamesTheField) {
    TempDir dir;
    writeText(dir / "settings.json",
              R"({"alerts": {"necrosis_rise_points": "ten", "min_reduction_at_4_weeks_percent": 35},
                  "marker_mm": true, "window": {"width": 1300.5}})");
    const LoadedSettings loaded = loadSettings(dir / "settings.json");
    const AppSettings defaults;
    EXPECT_DOUBLE_EQ(loaded.settings.alerts.necrosisRisePoints, defaults.alerts.necrosisRisePoints);
    EXPECT_DOUBLE_EQ(loaded.settings.alerts.minReductionAt4WeeksPercent,
                     35.0);  // the good field is kept
    EXPECT_DOUBLE_EQ(loaded.settings.markerMm, defaults.markerMm);
    EXPECT_EQ(loaded.settings.windowWidth, defaults.windowWidth);
    ASSERT_EQ(loaded.problems.size(), 3u);
    EXPECT_TRUE(mentions(
        loaded.problems,
        "alerts.necrosis_rise_points should be a number, not \"ten\"; using the default 10"));
    EXPECT_TRUE(mentions(loaded.problems, "marker_mm"));
    EXPECT_TRUE(mentions(loaded.problems, "window.width"));
}

TEST(Settings, OutOfRangeGivesTheDefaultAndNamesTheField) {
    TempDir dir;
    writeText(
        dir / "settings.json",
        R"({"overlay": {"opacity": 7}, "texture_budget_mib": -5, "layout": {"sidebar_width": 1e30},
                  "alerts": {"min_reduction_at_4_weeks_percent": 140},
                  "window": {"width": 4294968896}})");
    const LoadedSettings loaded = loadSettings(dir / "settings.json");
    const AppSettings defaults;
    EXPECT_FLOAT_EQ(loaded.settings.overlay.opacity, defaults.overlay.opacity);
    EXPECT_EQ(loaded.settings.textureBudgetMiB, defaults.textureBudgetMiB);
    EXPECT_FLOAT_EQ(loaded.settings.layout.sidebarWidth, defaults.layout.sidebarWidth);
    EXPECT_DOUBLE_EQ(loaded.settings.alerts.minReductionAt4WeeksPercent,
                     defaults.alerts.minReductionAt4WeeksPercent);
    EXPECT_EQ(loaded.settings.windowWidth, defaults.windowWidth)
        << "2^32 + 1600 must be refused, not wrapped to 1600";
    EXPECT_EQ(loaded.problems.size(), 5u);
    EXPECT_TRUE(mentions(loaded.problems, "window.width = 4294968896 is outside"));
    EXPECT_TRUE(
        mentions(loaded.problems, "overlay.opacity = 7 is outside 0.1..1; using the default 0.45"));
    EXPECT_TRUE(mentions(loaded.problems, "texture_budget_mib"));
    EXPECT_TRUE(mentions(loaded.problems, "layout.sidebar_width"));
    EXPECT_TRUE(mentions(loaded.problems, "alerts.min_reduction_at_4_weeks_percent"));
}

TEST(Settings, DamagedOrMissingFileGivesTheDefaults) {
    TempDir dir;
    const LoadedSettings missing = loadSettings(dir / "settings.json");
    EXPECT_TRUE(missing.problems.empty());
    EXPECT_EQ(missing.settings.windowWidth, AppSettings{}.windowWidth);
    writeText(dir / "settings.json", "{x");
    const LoadedSettings damaged = loadSettings(dir / "settings.json");
    EXPECT_EQ(damaged.settings.windowWidth, AppSettings{}.windowWidth);
    ASSERT_EQ(damaged.problems.size(), 1u);
    EXPECT_TRUE(mentions(damaged.problems, "not a JSON object; using the defaults"));
}

}  // namespace
}  // namespace cicatrix::workstation
