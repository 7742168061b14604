// The quarantine in the real workstation under Xvfb (Triage workspace, second tab of the inbox):
// two photos that came with tokens that did not hold — one enrolled for another wound of the same
// patient (wrong_wound), one with an unreadable token — are listed with their reasons; the first
// is shown and filed into the wound the user confirms, the second discarded after confirmation;
// both recorded with the user's name (checked through `quarantine list --all --json`).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "gui_script.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

// `cicatrix ARGS` with the test's site key (the GUI script uses the same XDG_CONFIG_HOME).
ProcessResult run(const TempDir& dir, const std::string& args) {
    return runCommand("XDG_CONFIG_HOME=" + quote((dir / "config").string()) + " " + kGuiBinary +
                      " " + args);
}

// The same with stdout alone (one JSON document).
ProcessResult runJson(const TempDir& dir, const std::string& args) {
    return runCommand("{ XDG_CONFIG_HOME=" + quote((dir / "config").string()) + " " + kGuiBinary +
                      " " + args + " 2>/dev/null; }");
}

std::string photo(const TempDir& dir, int seed) {
    const fs::path p = dir / fmt::format("photo{}.jpg", seed);
    writeFile(p, withExif(encodeJpeg(markedImage(640, 480, seed)),
                          "2026:04:0" + std::to_string(seed) + " 09:30:00", std::nullopt));
    return quote(p.string());
}

TEST(GuiQuarantine, InspectFileAndDiscardRecordedWithTheUser) {
    TempDir dir;
    const std::string lib = quote((dir / "demo").string());
    for (const char* wound : {"W1", "W2"}) {
        const auto r = run(dir, fmt::format("import --library {} --patient P1 --wound {} "
                                            "--source clinic {}",
                                            lib, wound, photo(dir, wound[1] - '0')));
        ASSERT_EQ(r.exitCode, 0) << r.output;
    }
    const auto enrolled =
        runJson(dir, "enrol --json --library " + lib + " --patient P1 --wound W1 --out " +
                         quote((dir / "handout.pdf").string()));
    ASSERT_EQ(enrolled.exitCode, 0) << enrolled.output;
    const std::string token = nlohmann::json::parse(enrolled.output)["token"];
    const auto wrongWound = run(dir, "import --library " + lib + " --token " + quote(token) +
                                         " --patient P1 --wound W2 " + photo(dir, 3));
    ASSERT_EQ(wrongWound.exitCode, 1) << wrongWound.output;
    const auto unreadable =
        run(dir, "import --library " + lib + " --token c1.garbled " + photo(dir, 4));
    ASSERT_EQ(unreadable.exitCode, 1) << unreadable.output;

    const std::string script =
        startGuiScript(dir, "--workspace triage --as nurse", "tab:quarantine") +
        "click tab:quarantine; wait_for '\"photo_ready\": true'; sleep 0.5; snap shown; "
        "shot quarantine; click button:quarantine-file; wait_for '\"resolved\": 1'; "
        "wait_for '\"open\": 1'; wait_for '\"photo_ready\": true'; snap second; click "
        "button:quarantine-discard; "
        "click button:quarantine-discard-confirm; wait_for '\"resolved\": 2'; snap done; "
        "xdotool key ctrl+q; wait $app";
    const ProcessResult r = runGuiScript(script);
    ASSERT_EQ(r.exitCode, 0) << r.output;

    const nlohmann::json shown = readJson(dir / "shown.json");
    ASSERT_FALSE(shown.is_null());
    const auto& q = shown["triage"]["quarantine"];
    EXPECT_TRUE(q["shown"].get<bool>());
    ASSERT_EQ(q["items"].size(), 2u);
    EXPECT_EQ(q["items"][0]["reason"], "wrong_wound");
    EXPECT_EQ(q["items"][1]["reason"], "malformed");
    EXPECT_EQ(q["selected"], q["items"][0]["id"]);
    EXPECT_EQ(shown["viewports"][2]["photo"], -q["items"][0]["id"].get<int>())
        << "the quarantined photo is in the home viewport";
    const nlohmann::json second = readJson(dir / "second.json");
    EXPECT_EQ(second["triage"]["quarantine"]["items"].size(), 1u);
    const cv::Mat shot = cv::imread((dir / "quarantine.png").string());
    EXPECT_FALSE(shot.empty());

    const auto list = runJson(dir, "quarantine list --all --json --library " + lib);
    ASSERT_EQ(list.exitCode, 0) << list.output;
    const auto items = nlohmann::json::parse(list.output);
    ASSERT_EQ(items.size(), 2u) << list.output;
    for (const auto& item : items) {
        EXPECT_EQ(item["resolved_by"], "nurse") << item.dump();
        EXPECT_EQ(item["resolution"], item["reason"] == "wrong_wound" ? "filed" : "discarded")
            << item.dump();
    }
    // The filed photo is W2's now (the wound the user confirmed).
    const auto photos = run(dir, "triage --json --library " + lib);
    ASSERT_EQ(photos.exitCode, 0) << photos.output;
    EXPECT_NE(photos.output.find("\"W2\""), std::string::npos) << photos.output;

    fs::create_directories("screenshots");
    fs::copy_file(dir / "quarantine.png", "screenshots/triage-quarantine.png",
                  fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace cicatrix::workstation
