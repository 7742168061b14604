// The real workstation driven by keyboard under Xvfb (xdotool), as a user would: arrow keys move
// along the timeline, O hides the overlay, 1 shows actual pixels, F1 opens the help, Ctrl+Q quits.
// The app keeps --state-json current, and the script waits on that state (never on fixed sleeps)
// before each key. The settings a user wrote survive opening and closing the GUI.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "gui_script.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;

// A shell script that starts the GUI on `library` and runs `steps` (which may call
// `wait_for PATTERN` to wait until the state JSON matches) with the window focused.
std::string guiScript(const TempDir& dir, const std::string& steps) {
    const std::string state = quote((dir / "state.json").string());
    return "export XDG_CONFIG_HOME=" + quote((dir / "config").string()) +
           "; wait_for() { i=0; until grep -q \"$1\" " + state +
           " 2>/dev/null; do i=$((i+1)); [ $i -gt 900 ] && { echo \"timed out waiting for $1\"; "
           "cat " +
           state + "; kill $app; return 1; }; sleep 0.1; done; }; " + std::string(CICATRIX_BINARY) +
           " gui --library " + quote((dir / "demo").string()) + " --state-json " + state +
           " & app=$!; " + kFocusApp + steps + " xdotool key ctrl+q; wait $app";
}

ProcessResult runGui(const TempDir& dir, const std::string& steps) {
    const ProcessResult demo = runCommand(std::string(CICATRIX_BINARY) + " demo --library " +
                                          quote((dir / "demo").string()));
    EXPECT_EQ(demo.exitCode, 0) << demo.output;
    return runCommand("timeout 150 xvfb-run -a -s '-screen 0 1600x1000x24' sh -ec " +
                      quote(guiScript(dir, steps)));
}

TEST(GuiInteraction, KeyboardDrivesTheViewer) {
    TempDir dir;
    const ProcessResult r = runGui(dir,
                                   "wait_for '\"selected_photo_index\": 2'; xdotool key Left; "
                                   "wait_for '\"selected_photo_index\": 1'; xdotool key o; "
                                   "wait_for '\"overlay_visible\": false'; xdotool key 1; "
                                   "wait_for '\"view_fit\": false'; xdotool key F1; "
                                   "wait_for '\"help_visible\": true';");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json state = readJson(dir / "state.json");
    ASSERT_FALSE(state.is_null()) << "no state written\n" << r.output;
    EXPECT_EQ(state["timeline_photos"], 3);
    EXPECT_EQ(state["selected_photo_index"], 1)
        << "Left should move from the latest photo to the previous one";
    EXPECT_EQ(state["overlay_visible"], false);
    EXPECT_EQ(state["view_fit"], false);
    EXPECT_DOUBLE_EQ(state["view_scale"].get<double>(), 1.0);
    EXPECT_EQ(state["help_visible"], true);
    EXPECT_EQ(state["workspace"], "Browse");
    // Quitting saved the settings, with the overlay as the user left it.
    const nlohmann::json settings = readJson(dir / "config" / "cicatrix" / "settings.json");
    ASSERT_FALSE(settings.is_null());
    EXPECT_EQ(settings["overlay"]["visible"], false);
}

TEST(GuiInteraction, SettingsWrittenByTheUserSurviveOpeningAndClosing) {
    TempDir dir;
    std::filesystem::create_directories(dir / "config" / "cicatrix");
    const nlohmann::json written = {
        {"marker_mm", 25.0},
        {"texture_budget_mib", 256},
        {"alerts",
         {{"min_reduction_at_4_weeks_percent", 30.0},
          {"max_increase_between_visits_percent", 20.0},
          {"necrosis_rise_points", 15.0},
          {"periwound_redness_rise", 8.0}}},
        {"overlay",
         {{"visible", true},
          {"opacity", 0.7},
          {"outline", true},
          {"tissue_colours", false},
          {"show_axes", false}}},
        {"layout", {{"sidebar_width", 360.0}, {"timeline_height", 250.0}, {"info_width", 330.0}}},
    };
    std::ofstream(dir / "config" / "cicatrix" / "settings.json") << written.dump(2);
    const ProcessResult r = runGui(dir, "wait_for '\"timeline_photos\": 3';");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json saved = readJson(dir / "config" / "cicatrix" / "settings.json");
    ASSERT_FALSE(saved.is_null());
    EXPECT_EQ(saved["marker_mm"], written["marker_mm"]);
    EXPECT_EQ(saved["texture_budget_mib"], written["texture_budget_mib"]);
    EXPECT_EQ(saved["alerts"], written["alerts"]);
    EXPECT_EQ(saved["layout"], written["layout"]);
    EXPECT_EQ(saved["overlay"]["outline"], true);
    EXPECT_EQ(saved["overlay"]["tissue_colours"], false);
    EXPECT_EQ(saved["overlay"]["show_axes"], false);
    EXPECT_NEAR(saved["overlay"]["opacity"].get<double>(), 0.7, 1e-6);
    EXPECT_EQ(r.output.find("settings.json:"), std::string::npos)
        << "no field should have been refused\n"
        << r.output;
}

}  // namespace
}  // namespace cicatrix::workstation
