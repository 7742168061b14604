// The real workstation driven by keyboard under Xvfb (xdotool), as a user would: arrow keys move
// along the timeline, O hides the overlay, 1 shows actual pixels, F1 opens the help, Ctrl+Q quits;
// the app reports its state on exit (--state-json).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;

TEST(GuiInteraction, KeyboardDrivesTheViewer) {
    TempDir dir;
    const ProcessResult demo =
        runCommand(std::string(CICATRIX_BINARY) + " demo --library " + quote((dir / "demo").string()));
    ASSERT_EQ(demo.exitCode, 0) << demo.output;
    const std::string script =
        "export XDG_CONFIG_HOME=" + quote((dir / "config").string()) + "; " + std::string(CICATRIX_BINARY) +
        " gui --library " + quote((dir / "demo").string()) + " --state-json " + quote((dir / "state.json").string()) +
        " & app=$!; "
        "w=$(xdotool search --sync --name Cicatrix | head -1); xdotool windowfocus --sync $w; sleep 5; "
        "xdotool key Left; sleep 0.5; xdotool key o; sleep 0.5; xdotool key 1; sleep 0.5; xdotool key F1; sleep 0.5; "
        "xdotool key ctrl+q; wait $app";
    const ProcessResult r = runCommand("timeout 120 xvfb-run -a -s '-screen 0 1600x1000x24' sh -c " + quote(script));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    std::ifstream in(dir / "state.json");
    ASSERT_TRUE(in) << "no state written on exit\n" << r.output;
    const nlohmann::json state = nlohmann::json::parse(in);
    EXPECT_EQ(state["timeline_photos"], 3);
    EXPECT_EQ(state["selected_photo_index"], 1) << "Left should move from the latest photo to the previous one";
    EXPECT_EQ(state["overlay_visible"], false);
    EXPECT_EQ(state["view_fit"], false);
    EXPECT_DOUBLE_EQ(state["view_scale"].get<double>(), 1.0);
    EXPECT_EQ(state["help_visible"], true);
    // Quitting saved the settings (window size and layout are remembered).
    EXPECT_TRUE(std::filesystem::exists(dir / "config" / "cicatrix" / "settings.json"));
}

}  // namespace
}  // namespace cicatrix::workstation
