// The Compare workspace's overlays on an aligned pair, in the real workstation under Xvfb. Two
// visits of one wound: a FUSeg photo with its expert outline stored as an analysis, and the same
// wound seen later through a known homography (rotated, scaled, shifted, re-lit). The later photo
// is aligned automatically onto the earlier one (its homography checked against the truth);
// then O cycles side by side → fade → flicker → reference outline, and screenshots of each show
// what the mode draws in the later photo's viewport: the earlier visit blended in (fade), the two
// visits alternating (flicker), the earlier outline in yellow over the later photo (outline).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gui_script.hpp"
#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "library/photo_repository.hpp"
#include "workstation/analysis/library_analysis.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

const fs::path kSample = fs::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample";

// later px → earlier px: a rotation about the centre, a scale and a shift.
cv::Matx33d laterToEarlier(cv::Size size) {
    const double a = 6.0 * CV_PI / 180.0, scale = 0.92;
    const cv::Matx33d centre(1, 0, -size.width / 2.0, 0, 1, -size.height / 2.0, 0, 0, 1);
    const cv::Matx33d rotate(scale * std::cos(a), -scale * std::sin(a), 0, scale * std::sin(a),
                             scale * std::cos(a), 0, 0, 0, 1);
    const cv::Matx33d place(1, 0, size.width / 2.0 + 9, 0, 1, size.height / 2.0 - 7, 0, 0, 1);
    return place * rotate * centre;
}

std::vector<std::uint8_t> jpeg(const cv::Mat& image) {
    std::vector<std::uint8_t> bytes;
    cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, 92});
    return bytes;
}

// The library: P1 / W1 with the earlier photo (analysed with its expert mask) and the later one.
void makePair(const fs::path& dir, const cv::Matx33d& truth) {
    const cv::Mat earlier = cv::imread((kSample / "images" / "0026.jpg").string());
    const cv::Mat mask =
        cv::imread((kSample / "masks" / "0026.png").string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(earlier.empty() || mask.empty());
    cv::Mat later;
    cv::warpPerspective(earlier, later, truth, earlier.size(),
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REFLECT);
    later.convertTo(later, CV_8UC3, 1.1, -8.0);

    auto library = Library::open(dir, Library::OpenMode::CreateIfMissing);
    ASSERT_TRUE(library) << library.error().message;
    PhotoImporter importer(**library);
    ImportTarget target;
    target.patientExternalId = "P1";
    target.woundLabel = "W1";
    target.source = PhotoSource::Clinic;
    ImportMetadata metadata;
    std::optional<Photo> first;
    for (const auto& [image, date] :
         {std::pair{earlier, "2026-03-02T10:00:00"}, std::pair{later, "2026-03-23T10:00:00"}}) {
        target.capturedAtOverride = date;
        metadata.originalName = std::string(date).substr(0, 10) + ".jpg";
        const ImportReport r = importer.importBytes(jpeg(image), target, metadata);
        ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
        if (!first)
            first = r.photo;
    }
    ASSERT_TRUE(first.has_value());
    const auto analysis = analyseLibraryPhoto(**library, *first, nullptr, 20.0, mask);
    ASSERT_TRUE(analysis) << analysis.error().message;
}

// The later photo's viewport in a screenshot: a square around the centre of its slot.
cv::Mat slotRegion(const cv::Mat& shot, const nlohmann::json& state) {
    int x = 0, y = 0;
    std::istringstream(state["targets"]["compare-slot:1"].get<std::string>()) >> x >> y;
    const cv::Rect square(x - 150, y - 150, 300, 300);
    return shot(square & cv::Rect(0, 0, shot.cols, shot.rows)).clone();
}

double meanDifference(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    const cv::Scalar m = cv::mean(d);
    return (m[0] + m[1] + m[2]) / 3.0;
}

// Pixels of the reference outline's yellow (255, 225, 60).
int yellowPixels(const cv::Mat& bgr) {
    cv::Mat yellow;
    cv::inRange(bgr, cv::Scalar(0, 190, 225), cv::Scalar(110, 255, 255), yellow);
    return cv::countNonZero(yellow);
}

TEST(GuiCompare, OverlayModesOnAnAlignedPair) {
    TempDir dir;
    const cv::Matx33d truth = laterToEarlier({512, 512});
    makePair(dir / "demo", truth);
    if (HasFatalFailure())
        return;
    const std::string script =
        startGuiScript(dir, "--workspace compare", "compare-slot:1") +
        "wait_for '\"alignment_settled\": true'; sleep 1; snap aligned; shot none; "
        "xdotool key o; wait_for '\"overlay\": 1'; sleep 0.6; shot fade; "
        "xdotool key o; wait_for '\"overlay\": 2'; sleep 0.3; "
        "for k in 1 2 3 4; do shot flicker$k; sleep 0.35; done; "
        "xdotool key o; wait_for '\"overlay\": 3'; sleep 1; shot outline; snap done; "
        "xdotool key ctrl+q; wait $app";
    const ProcessResult r = runGuiScript(script);
    ASSERT_EQ(r.exitCode, 0) << r.output;

    const nlohmann::json aligned = readJson(dir / "aligned.json");
    ASSERT_FALSE(aligned.is_null());
    const auto& slot = aligned["compare"]["slots"][1];
    ASSERT_TRUE(slot["aligned"].get<bool>()) << slot.dump();
    EXPECT_TRUE(slot["method"] == "features" || slot["method"] == "ecc") << slot.dump();
    // The homography found maps the later photo's corners where the truth does (a few px).
    const auto h = slot["photo_to_reference"].get<std::vector<double>>();
    ASSERT_EQ(h.size(), 9u);
    const cv::Matx33d found(h.data());
    for (const cv::Point2d corner : {cv::Point2d(0, 0), {511, 0}, {511, 511}, {0, 511}}) {
        const cv::Vec3d f = found * cv::Vec3d(corner.x, corner.y, 1.0);
        const cv::Vec3d t = truth * cv::Vec3d(corner.x, corner.y, 1.0);
        EXPECT_LT(std::hypot(f[0] / f[2] - t[0] / t[2], f[1] / f[2] - t[1] / t[2]), 4.0)
            << "corner " << corner;
    }

    const auto load = [&](const std::string& name) {
        const cv::Mat shot = cv::imread((dir / (name + ".png")).string());
        EXPECT_FALSE(shot.empty()) << name;
        return shot.empty() ? cv::Mat() : slotRegion(shot, aligned);
    };
    const cv::Mat none = load("none"), fade = load("fade"), outline = load("outline");
    ASSERT_FALSE(none.empty() || fade.empty() || outline.empty());
    // Fade: the earlier visit at half strength over the later one changes what the slot shows
    // (the photos differ by the re-lighting and the registration's resampling only where they
    // overlap, so the change stays moderate).
    EXPECT_GT(meanDifference(none, fade), 1.5);
    // Flicker: among four frames 0.35 s apart, both visits are shown.
    double flickerSpread = 0.0;
    for (int k = 1; k <= 4; ++k) {
        const cv::Mat frame = load("flicker" + std::to_string(k));
        ASSERT_FALSE(frame.empty());
        flickerSpread = std::max(flickerSpread, meanDifference(none, frame));
    }
    EXPECT_GT(flickerSpread, 3.0) << "the earlier visit replaced the later one in some frame";
    // Outline: the earlier wound's outline drawn in yellow over the later photo.
    EXPECT_GT(yellowPixels(outline), yellowPixels(none) + 200);
    const nlohmann::json done = readJson(dir / "done.json");
    EXPECT_EQ(done["compare"]["overlay"], 3);

    fs::create_directories("screenshots");
    fs::copy_file(dir / "outline.png", "screenshots/compare-outline.png",
                  fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace cicatrix::workstation
