// The Annotate workspace of the real workstation under Xvfb: opened with --as and --workspace on
// the demo library it shows the queue, the photo with its label layer and the palette (screenshot
// kept in build/tests/screenshots/); a brush stroke driven by xdotool changes the label, Ctrl+Z
// takes it back, Ctrl+Shift+Z redoes it and Ctrl+S saves it as a version by the annotator; after
// kill -9 the autosave journal restores the stroke. The script waits on --state-json, never on
// fixed sleeps, except between mouse events (a hand) and before the kill (the journal's flush).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "gui_script.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

const std::string kBinary = kGuiBinary;

// The Annotate workspace as `user`; with an empty user the app asks who is annotating and the
// script waits for that prompt.
std::string startGui(const TempDir& dir, const std::string& user = "anna") {
    return user.empty() ? startGuiScript(dir, "--workspace annotate", "\"asking_user\": true")
                        : startGuiScript(dir, "--as " + user + " --workspace annotate",
                                         "\"label_layer\": true");
}

// A stroke across the middle of the canvas (between the queue and the palette columns).
const std::string kStroke =
    "xdotool mousemove --window $w 700 470; sleep 0.2; xdotool mousedown 1; sleep 0.2; "
    "for x in 720 740 760 780 800 820 840; do xdotool mousemove --window $w $x 500; sleep 0.05; "
    "done; sleep 0.2; xdotool mouseup 1; ";

ProcessResult runScript(const std::string& script) {
    return runGuiScript(script);
}

std::int64_t pixelsOf(const nlohmann::json& state, const std::string& id) {
    const auto& classes = state["annotate"]["class_pixels"];
    return classes.contains(id) ? classes[id].get<std::int64_t>() : 0;
}

TEST(GuiAnnotate, WorkspaceShowsQueuePhotoAndLabelLayer) {
    TempDir dir;
    makeDemo(dir);
    const fs::path png = dir / "annotate.png", layout = dir / "layout.json";
    const fs::path state = dir / "state.json";
    const ProcessResult r = runCommand(
        "XDG_CONFIG_HOME=" + quote((dir / "config").string()) +
        " xvfb-run -a -s '-screen 0 1600x1000x24' " + kBinary + " gui --library " +
        quote((dir / "demo").string()) + " --as anna --workspace annotate --screenshot " +
        quote(png.string()) + " --frames 20 --layout-json " + quote(layout.string()) +
        " --state-json " + quote(state.string()));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json s = readJson(state);
    ASSERT_FALSE(s.is_null()) << r.output;
    EXPECT_EQ(s["workspace"], "Annotate");
    EXPECT_EQ(s["annotate"]["user"], "anna");
    EXPECT_EQ(s["annotate"]["label_layer"], true);
    EXPECT_GT(s["annotate"]["queue"].get<int>(), 0);
    EXPECT_GT(s["annotate"]["photo"].get<int>(), 0);
    // The demo photos carry model analyses: the first one opened became an AI draft version
    // recorded by the annotator, with wound pixels to correct.
    EXPECT_EQ(s["annotate"]["base_status"], "ai_draft");
    EXPECT_GT(s["annotate"]["labelled_pixels"].get<std::int64_t>(), 0);
    const nlohmann::json l = readJson(layout);
    bool layer = false, canvas = false, queueRow = false;
    for (const auto& rect : l["rects"]) {
        const std::string what = rect["what"];
        layer |= what == "label-layer";
        canvas |= what == "annotate-canvas";
        queueRow |= what.starts_with("queue:");
    }
    EXPECT_TRUE(layer) << "the label layer was not drawn";
    EXPECT_TRUE(canvas);
    EXPECT_TRUE(queueRow);
    EXPECT_FALSE(cv::imread(png.string()).empty());
    fs::create_directories("screenshots");
    fs::copy_file(png, fs::path("screenshots") / "annotate.png",
                  fs::copy_options::overwrite_existing);
}

TEST(GuiAnnotate, BrushStrokeChangesTheLabelUndoRedoAndSave) {
    TempDir dir;
    makeDemo(dir);
    const std::string script =
        startGui(dir) + "snap before; xdotool key 7; wait_for '\"class_id\": 5'; " + kStroke +
        "wait_for '\"undo_depth\": 1'; snap stroke; xdotool key ctrl+z; "
        "wait_for '\"undo_depth\": 0'; snap undone; xdotool key ctrl+shift+z; "
        "wait_for '\"undo_depth\": 1'; xdotool key ctrl+s; "
        "wait_for '\"base_status\": \"in_progress\"'; snap saved; "
        "xdotool key ctrl+q; wait $app";
    const ProcessResult r = runScript(script);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json before = readJson(dir / "before.json");
    const nlohmann::json stroke = readJson(dir / "stroke.json");
    const nlohmann::json undone = readJson(dir / "undone.json");
    const nlohmann::json saved = readJson(dir / "saved.json");
    ASSERT_FALSE(before.is_null() || stroke.is_null() || undone.is_null() || saved.is_null());
    EXPECT_EQ(pixelsOf(before, "5"), 0) << "the AI draft has no \"other\" class";
    EXPECT_GT(pixelsOf(stroke, "5"), 500) << "the stroke painted class 5 (key 7)";
    EXPECT_EQ(undone["annotate"]["class_pixels"], before["annotate"]["class_pixels"])
        << "undo restores the label exactly";
    EXPECT_EQ(pixelsOf(saved, "5"), pixelsOf(stroke, "5"));
    EXPECT_EQ(saved["annotate"]["dirty"], false);
    std::cout << "[ bench    ] brush on the demo photo: " << stroke["annotate"]["stroke_frames"]
              << " stroke frames, mean frame " << stroke["annotate"]["stroke_frame_ms"]
              << " ms, paint+upload " << stroke["annotate"]["stroke_update_ms"] << " ms\n";
    // The saved version is on record, by anna, in progress, with the AI draft as its parent.
    const ProcessResult list =
        runCommand(kBinary + " labels list --json --library " + quote((dir / "demo").string()));
    ASSERT_EQ(list.exitCode, 0) << list.output;
    const auto versions = nlohmann::json::parse(list.output, nullptr, false);
    ASSERT_TRUE(versions.is_array()) << list.output;
    const auto photo = saved["annotate"]["photo"].get<std::int64_t>();
    int inProgress = 0;
    for (const auto& v : versions) {
        if (v["photo_id"] == photo && v["status"] == "in_progress") {
            ++inProgress;
            EXPECT_EQ(v["created_by"], "anna");
        }
    }
    EXPECT_EQ(inProgress, 1);
    // Saved: the autosave journal of that edit is gone (a new, empty one may follow).
    const nlohmann::json settings = readJson(dir / "config" / "cicatrix" / "settings.json");
    EXPECT_EQ(settings["annotate"]["last_user"], "anna") << "the annotator is remembered";
}

TEST(GuiAnnotate, KilledMidWorkRestoresTheStrokeFromTheJournal) {
    TempDir dir;
    makeDemo(dir);
    // kill -9 two seconds after the stroke: the journal flushes at least once a second.
    const std::string first = startGui(dir) + "xdotool key 7; wait_for '\"class_id\": 5'; " +
                              kStroke + "wait_for '\"undo_depth\": 1'; snap stroke; sleep 2.5; " +
                              "kill -9 $app; wait $app || true";
    ProcessResult r = runScript(first);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string second =
        startGui(dir) +
        "wait_for 'Unsaved work restored'; snap restored; xdotool key ctrl+q; "
        "wait $app";
    r = runScript(second);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json stroke = readJson(dir / "stroke.json");
    const nlohmann::json restored = readJson(dir / "restored.json");
    ASSERT_FALSE(stroke.is_null() || restored.is_null());
    EXPECT_EQ(restored["annotate"]["photo"], stroke["annotate"]["photo"]);
    EXPECT_EQ(restored["annotate"]["undo_depth"], 1) << "the stroke can still be undone";
    EXPECT_EQ(restored["annotate"]["class_pixels"], stroke["annotate"]["class_pixels"]);
}

TEST(GuiAnnotate, SubmitThenAnotherAnnotatorSendsBackAndApproves) {
    TempDir dir;
    makeDemo(dir);
    // anna corrects and submits the first photo of the queue, then a second one picked in the
    // queue.
    const std::string annaRun =
        startGui(dir) + "a=$(field photo); " + kStroke +
        "wait_for '\"undo_depth\": 1'; click button:submit; "
        "wait_for '\"latest_status\": \"submitted\"'; wait_for '\"dirty\": false'; snap a; "
        "b=$(grep -o '\"queue:[0-9]*\"' \"$state\" | grep -o '[0-9][0-9]*' | grep -vx \"$a\" | "
        "head -1); click queue:$b; "
        "wait_for \"\\\"photo\\\": $b,\"; wait_for '\"opening\": false'; " +
        kStroke +
        "wait_for '\"undo_depth\": 1'; click button:submit; "
        "wait_for '\"latest_status\": \"submitted\"'; snap b; xdotool key ctrl+q; wait $app";
    ProcessResult r = runScript(annaRun);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json a = readJson(dir / "a.json"), b = readJson(dir / "b.json");
    ASSERT_FALSE(a.is_null() || b.is_null());
    const auto photoA = a["annotate"]["photo"].get<std::int64_t>();
    const auto photoB = b["annotate"]["photo"].get<std::int64_t>();
    ASSERT_NE(photoA, photoB);

    // Started without --as, the workspace asks who is annotating (anna, the last one, is
    // pre-filled); bob sends A back with a comment and approves B.
    const std::string bobRun =
        startGui(dir, "") +
        // ImGui 1.86 sees keys as held or not once per frame: a key pressed and released between
        // two frames is lost, and characters typed while Ctrl is held are dropped. So keys are
        // held across frames, and the name typed after Ctrl is released.
        "wait_for field:annotator-name; snap asked; click field:annotator-name; "
        "xdotool keydown ctrl+a; sleep 0.4; xdotool keyup ctrl+a; sleep 0.4; xdotool type bob; "
        "sleep 0.4; xdotool keydown Return; sleep 0.4; xdotool keyup Return; "
        "wait_for '\"user\": \"bob\"'; wait_for "
        "'\"label_layer\": true'; "
        "click queue:" +
        std::to_string(photoA) + "; wait_for '\"photo\": " + std::to_string(photoA) +
        ",'; wait_for '\"latest_status\": \"submitted\"'; snap reviewing; "
        "click field:review-comment; xdotool type 'Upper rim missed'; click button:send-back; "
        "wait_for '\"latest_status\": \"sent_back\"'; click queue:" +
        std::to_string(photoB) + "; wait_for '\"photo\": " + std::to_string(photoB) +
        ",'; wait_for '\"latest_status\": \"submitted\"'; click button:approve; "
        "wait_for '\"latest_status\": \"approved\"'; xdotool key ctrl+q; wait $app";
    r = runScript(bobRun);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json asked = readJson(dir / "asked.json");
    EXPECT_EQ(asked["annotate"]["asking_user"], true);
    EXPECT_EQ(asked["annotate"]["label_layer"], false) << "nothing opens before a name is given";

    const ProcessResult list =
        runCommand(kBinary + " labels list --json --library " + quote((dir / "demo").string()));
    ASSERT_EQ(list.exitCode, 0) << list.output;
    const auto versions = nlohmann::json::parse(list.output, nullptr, false);
    ASSERT_TRUE(versions.is_array()) << list.output;
    int sentBack = 0, approved = 0;
    for (const auto& v : versions) {
        if (v["photo_id"] == photoA && v["status"] == "sent_back") {
            ++sentBack;
            EXPECT_EQ(v["submitted_by"], "anna");
            EXPECT_EQ(v["reviewed_by"], "bob");
            EXPECT_EQ(v["review_comment"], "Upper rim missed");
        }
        if (v["photo_id"] == photoB && v["status"] == "approved") {
            ++approved;
            EXPECT_EQ(v["submitted_by"], "anna");
            EXPECT_EQ(v["reviewed_by"], "bob");
        }
        EXPECT_FALSE(v["photo_id"] == photoA && v["status"] == "approved");
    }
    EXPECT_EQ(sentBack, 1);
    EXPECT_EQ(approved, 1);
    const nlohmann::json settings = readJson(dir / "config" / "cicatrix" / "settings.json");
    EXPECT_EQ(settings["annotate"]["last_user"], "bob");
}

}  // namespace
}  // namespace cicatrix::workstation
