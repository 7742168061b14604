// The Compare and Triage workspaces of the real workstation under Xvfb, on the demo library.
// Compare: opened on the first wound it shows its baseline next to its latest photo, aligned
// automatically (screenshot kept in build/tests/screenshots/), and a wheel zoom in one slot moves
// the other through the link. Triage: the inbox holds the demo's photos from home; picking
// "advice" with 2, writing a note and recording it with Ctrl+Enter takes the item out of the
// inbox and into the wound's history with the user and the note (checked through the CLI).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "gui_script.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

ProcessResult screenshot(const TempDir& dir, const std::string& args, const std::string& name) {
    return runCommand("XDG_CONFIG_HOME=" + quote((dir / "config").string()) +
                      " xvfb-run -a -s '-screen 0 1600x1000x24' " + kGuiBinary + " gui --library " +
                      quote((dir / "demo").string()) + " " + args + " --screenshot " +
                      quote((dir / (name + ".png")).string()) + " --frames 40 --layout-json " +
                      quote((dir / (name + "-layout.json")).string()) + " --state-json " +
                      quote((dir / (name + "-state.json")).string()));
}

void keepScreenshot(const TempDir& dir, const std::string& name) {
    fs::create_directories("screenshots");
    fs::copy_file(dir / (name + ".png"), fs::path("screenshots") / (name + ".png"),
                  fs::copy_options::overwrite_existing);
}

TEST(GuiCompare, BaselineAndLatestSideBySideAligned) {
    TempDir dir;
    makeDemo(dir);
    const ProcessResult r = screenshot(dir, "--workspace compare", "compare");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json s = readJson(dir / "compare-state.json");
    ASSERT_FALSE(s.is_null()) << r.output;
    EXPECT_EQ(s["workspace"], "Compare");
    const auto& slots = s["compare"]["slots"];
    ASSERT_EQ(slots.size(), 2u);
    // The demo's first wound: baseline and latest are its first and last photos by date.
    const auto first = slots[0]["photo"].get<std::int64_t>();
    const auto last = slots[1]["photo"].get<std::int64_t>();
    EXPECT_GT(first, 0);
    EXPECT_GT(last, 0);
    EXPECT_NE(first, last);
    EXPECT_FALSE(slots[1]["aligning"].get<bool>()) << "the screenshot waits for the alignment";
    EXPECT_TRUE(slots[1]["aligned"].get<bool>() || !slots[1]["error"].get<std::string>().empty())
        << "aligned, or the reason it could not be";
    const nlohmann::json layout = readJson(dir / "compare-layout.json");
    int drawnSlots = 0, images = 0;
    for (const auto& rect : layout["rects"]) {
        const std::string what = rect["what"];
        drawnSlots += what.starts_with("compare-slot:");
        images += what == "viewer-image" || what == "viewer-preview";
    }
    EXPECT_EQ(drawnSlots, 2);
    EXPECT_EQ(images, 2);
    EXPECT_FALSE(cv::imread((dir / "compare.png").string()).empty());
    keepScreenshot(dir, "compare");
}

TEST(GuiCompare, ZoomInOneSlotMovesTheLinkedOne) {
    TempDir dir;
    makeDemo(dir);
    const std::string script =
        startGuiScript(dir, "--workspace compare", "compare-slot:1") +
        "wait_for '\"alignment_settled\": true'; sleep 1; snap before; xy=$(field compare-slot:0); "
        "xdotool mousemove --window $w $xy; sleep 0.3; xdotool click 4; sleep 0.3; "
        "xdotool click 4; sleep 1; snap zoomed; xdotool key ctrl+q; wait $app";
    const ProcessResult r = runGuiScript(script);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json before = readJson(dir / "before.json");
    const nlohmann::json zoomed = readJson(dir / "zoomed.json");
    ASSERT_FALSE(before.is_null() || zoomed.is_null());
    const auto& v0 = zoomed["viewports"][4];
    const auto& v1 = zoomed["viewports"][5];
    EXPECT_FALSE(v0["fit"].get<bool>()) << "the wheel zoomed slot 0";
    EXPECT_GT(v0["scale"].get<double>(), before["viewports"][4]["scale"].get<double>() * 1.3);
    EXPECT_FALSE(v1["fit"].get<bool>()) << "slot 1 followed through the link";
    EXPECT_GT(v1["scale"].get<double>(), before["viewports"][5]["scale"].get<double>() * 1.3);
}

TEST(GuiTriage, InboxShowsHomePhotosNextToTheLastReviewed) {
    TempDir dir;
    makeDemo(dir);
    const ProcessResult r = screenshot(dir, "--as nina --workspace triage", "triage");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json s = readJson(dir / "triage-state.json");
    ASSERT_FALSE(s.is_null()) << r.output;
    EXPECT_EQ(s["workspace"], "Triage");
    const auto& items = s["triage"]["items"];
    ASSERT_FALSE(items.empty()) << "the demo has photos from a home nurse";
    EXPECT_EQ(s["triage"]["selected"], items[0]["photo"]);
    EXPECT_GT(s["triage"]["reference"].get<std::int64_t>(), 0)
        << "an earlier clinic photo of the wound is shown beside it";
    const nlohmann::json layout = readJson(dir / "triage-layout.json");
    bool home = false, reference = false;
    for (const auto& rect : layout["rects"]) {
        home |= rect["what"] == "triage-home";
        reference |= rect["what"] == "triage-reference";
    }
    EXPECT_TRUE(home && reference);
    keepScreenshot(dir, "triage");
}

TEST(GuiTriage, DecisionByKeyboardLeavesTheInboxWithItsNote) {
    TempDir dir;
    makeDemo(dir);
    const std::string script =
        startGuiScript(dir, "--as nina --workspace triage", "\"reference\": [1-9]") +
        "snap before; xdotool key 2; wait_for '\"picked\": \"advice\"'; xdotool key n; "
        "sleep 0.5; xdotool type 'Dressing change advised'; sleep 0.4; "
        "xdotool keydown ctrl+Return; sleep 0.4; xdotool keyup ctrl+Return; "
        "wait_for '\"decided\": 1'; wait_for '\"loading\": false'; snap after; "
        "xdotool key ctrl+q; wait $app";
    const ProcessResult r = runGuiScript(script);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json before = readJson(dir / "before.json");
    ASSERT_FALSE(before.is_null());
    const auto decided = before["triage"]["selected"].get<std::int64_t>();
    const ProcessResult inbox = runCommand(kGuiBinary + " triage --json --library " +
                                           quote((dir / "demo").string()) + " 2>/dev/null");
    ASSERT_EQ(inbox.exitCode, 0) << inbox.output;
    const auto items = nlohmann::json::parse(inbox.output, nullptr, false);
    ASSERT_TRUE(items.is_array()) << inbox.output;
    EXPECT_LT(items.size(), before["triage"]["items"].size());
    for (const auto& item : items) EXPECT_NE(item["photo_id"], decided) << "it left the inbox";
    const nlohmann::json after = readJson(dir / "after.json");
    EXPECT_EQ(after["triage"]["items"].size(), items.size()) << "the GUI reloaded its inbox";
}

}  // namespace
}  // namespace cicatrix::workstation
