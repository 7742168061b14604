// The real workstation under Xvfb on the demo library: the screenshot is not blank, the wound
// timeline shows one thumbnail per photo (checked in the pixels, where the app says it drew
// them), and the viewer shows the photo.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

struct Shot {
    cv::Mat image;
    nlohmann::json layout;
};

class GuiSmoke : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir();
        const ProcessResult demo = runCommand(std::string(CICATRIX_BINARY) + " demo --library " +
                                              quote((s_dir->path() / "demo").string()));
        ASSERT_EQ(demo.exitCode, 0) << demo.output;
    }
    static void TearDownTestSuite() { delete s_dir; }

    static Shot screenshot(const std::string& name, const std::string& extra) {
        const fs::path png = s_dir->path() / (name + ".png");
        const fs::path json = s_dir->path() / (name + ".json");
        const std::string cmd =
            "xvfb-run -a -s '-screen 0 1600x1000x24' " + std::string(CICATRIX_BINARY) +
            " gui --library " + quote((s_dir->path() / "demo").string()) + " --screenshot " +
            quote(png.string()) + " --frames 5 --layout-json " + quote(json.string()) + " " + extra;
        const ProcessResult r = runCommand(cmd);
        EXPECT_EQ(r.exitCode, 0) << cmd << "\n" << r.output;
        Shot shot;
        shot.image = cv::imread(png.string(), cv::IMREAD_COLOR);
        std::ifstream in(json);
        if (in) {
            shot.layout = nlohmann::json::parse(in);
        }
        // Keep a copy for people to look at (build/tests/screenshots/).
        fs::create_directories("screenshots");
        fs::copy_file(png, fs::path("screenshots") / (name + ".png"),
                      fs::copy_options::overwrite_existing);
        return shot;
    }

    static cv::Mat region(const cv::Mat& image, const nlohmann::json& r) {
        const cv::Rect rect(
            static_cast<int>(r["x"].get<double>()) + 2, static_cast<int>(r["y"].get<double>()) + 2,
            static_cast<int>(r["w"].get<double>()) - 4, static_cast<int>(r["h"].get<double>()) - 4);
        return image(rect & cv::Rect(0, 0, image.cols, image.rows));
    }

    static int countTexturedRects(const Shot& shot, const std::string& prefix) {
        int count = 0;
        for (const auto& r : shot.layout["rects"]) {
            if (r["what"].get<std::string>().rfind(prefix, 0) != 0)
                continue;
            cv::Scalar mean, stddev;
            cv::meanStdDev(region(shot.image, r), mean, stddev);
            // A wound photo: varied (not a flat placeholder) and not the dark UI background.
            const bool textured = stddev[0] + stddev[1] + stddev[2] > 30.0;
            const bool bright = mean[0] + mean[1] + mean[2] > 150.0;
            count += textured && bright ? 1 : 0;
        }
        return count;
    }

    static TempDir* s_dir;
};

TempDir* GuiSmoke::s_dir = nullptr;

TEST_F(GuiSmoke, OpensTheFirstPatientsWoundTimeline) {
    const Shot shot = screenshot("default", "");
    ASSERT_FALSE(shot.image.empty());
    EXPECT_EQ(shot.image.cols, 1600);
    EXPECT_EQ(shot.image.rows, 1000);
    cv::Scalar mean, stddev;
    cv::meanStdDev(shot.image, mean, stddev);
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 30.0) << "screenshot looks blank";
    // Demo Patient 10 (first by name) has 3 photos of wound W1.
    EXPECT_EQ(shot.layout["timeline_photos"].get<int>(), 3);
    EXPECT_EQ(countTexturedRects(shot, "thumbnail:"), 3);
    EXPECT_EQ(countTexturedRects(shot, "viewer-image"), 1);
    // The thumbnails sit in the timeline strip (top of the window, right of the sidebar).
    for (const auto& r : shot.layout["rects"]) {
        if (r["what"].get<std::string>().rfind("thumbnail:", 0) == 0) {
            EXPECT_GT(r["x"].get<double>(), 250.0);
            EXPECT_LT(r["y"].get<double>(), 300.0);
        }
    }
    // Between the first two thumbnails the timeline background is flat (no stray drawing).
    const auto& a = shot.layout["rects"][0];
    const auto& b = shot.layout["rects"][1];
    const int gapX0 = static_cast<int>(a["x"].get<double>() + a["w"].get<double>()) + 10;
    const int gapX1 = static_cast<int>(b["x"].get<double>()) - 10;
    ASSERT_GT(gapX1, gapX0);
    cv::meanStdDev(
        shot.image(cv::Rect(gapX0, static_cast<int>(a["y"].get<double>()), gapX1 - gapX0, 40)),
        mean, stddev);
    EXPECT_LT(stddev[0] + stddev[1] + stddev[2], 6.0);
}

TEST_F(GuiSmoke, ShowsTheAnalysisOverlayAndTrendOfTheAnalysedDemo) {
    // The demo library is analysed when it is built: the viewer shows the outline overlay and the
    // trend chart sits under the timeline.
    const Shot shot = screenshot("analysis", "--open-wound 2");
    int overlays = 0, charts = 0;
    for (const auto& r : shot.layout["rects"]) {
        const std::string what = r["what"].get<std::string>();
        if (what == "overlay")
            ++overlays;
        if (what == "trend-chart") {
            ++charts;
            cv::Scalar mean, stddev;
            cv::meanStdDev(region(shot.image, r), mean, stddev);
            EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 10.0) << "trend chart looks empty";
        }
    }
    EXPECT_EQ(overlays, 1);
    EXPECT_EQ(charts, 1);
}

TEST_F(GuiSmoke, OpensARequestedWound) {
    // Wound ids follow the demo manifest: patient 20's wound is the second one created.
    const Shot shot = screenshot("wound2", "--open-wound 2");
    ASSERT_FALSE(shot.image.empty());
    EXPECT_EQ(shot.layout["selected_wound"].get<int>(), 2);
    EXPECT_EQ(shot.layout["timeline_photos"].get<int>(), 6);
    EXPECT_EQ(countTexturedRects(shot, "thumbnail:"), 6);
}

TEST_F(GuiSmoke, AnUnknownWoundIsReportedNotACrash) {
    const ProcessResult r =
        runCommand("xvfb-run -a -s '-screen 0 1600x1000x24' " + std::string(CICATRIX_BINARY) +
                   " gui --library " + quote((s_dir->path() / "demo").string()) + " --screenshot " +
                   quote((s_dir->path() / "x.png").string()) + " --frames 3 --open-wound 999");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("wound 999 does not exist"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace cicatrix::workstation
