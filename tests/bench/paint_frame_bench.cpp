// Painting in the Annotate workspace of the real GUI under Xvfb: the same xdotool brush stroke on
// a 12-megapixel photo and on a 1-megapixel one (baseline, same run). Prints the frame time while
// painting and the paint + texture upload time per frame for each, and their ratios: only the
// changed rectangle of the label texture is uploaded, so painting should cost about the same on
// both. Asserts only that both strokes changed the label (never a time).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <iostream>

#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "workstation/gui_script.hpp"

namespace {

using namespace cicatrix::test;
namespace lib = cicatrix::library;
namespace fs = std::filesystem;

struct Painted {
    double frameMs = 0, updateMs = 0;
    int frames = 0;
    std::int64_t undoDepth = 0;
};

std::int64_t importResized(lib::Library& library, const fs::path& dir, const cv::Mat& source,
                           cv::Size size, const std::string& wound) {
    cv::Mat resized;
    cv::resize(source, resized, size, 0, 0, cv::INTER_CUBIC);
    const fs::path jpeg = dir / (wound + ".jpg");
    EXPECT_TRUE(cv::imwrite(jpeg.string(), resized, {cv::IMWRITE_JPEG_QUALITY, 92}));
    lib::ImportTarget target;
    target.patientExternalId = "BENCH";
    target.woundLabel = wound;
    target.capturedAtOverride = "2026-03-02T10:00:00";
    const lib::ImportReport report = lib::PhotoImporter(library).importFile(jpeg, target);
    EXPECT_EQ(report.outcome, lib::ImportOutcome::Imported) << report.message;
    return report.photo ? report.photo->id : 0;
}

// A 30-move stroke across the canvas centre, one move per ~frame.
Painted paint(const TempDir& dir, std::int64_t photoId) {
    const std::string id = std::to_string(photoId);
    const std::string script =
        startGuiScript(dir, "--as bench --workspace annotate", "\"queue_loaded\": true") +
        "click queue:" + id + "; wait_for '\"photo\": " + id +
        ",'; wait_for '\"label_layer\": true'; sleep 1; "
        "xdotool mousemove --window $w 640 420; sleep 0.3; xdotool mousedown 1; sleep 0.2; "
        "for i in $(seq 1 30); do xdotool mousemove --window $w $((640 + i * 8)) $((420 + i * 4)); "
        "sleep 0.05; done; sleep 0.3; xdotool mouseup 1; wait_for '\"undo_depth\": 1'; "
        "snap painted; xdotool key ctrl+q; wait $app";
    const ProcessResult r = runGuiScript(script);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json s = readJson(dir / "painted.json");
    Painted p;
    if (s.is_null())
        return p;
    p.frameMs = s["annotate"]["stroke_frame_ms"].get<double>();
    p.updateMs = s["annotate"]["stroke_update_ms"].get<double>();
    p.frames = s["annotate"]["stroke_frames"].get<int>();
    p.undoDepth = s["annotate"]["undo_depth"].get<std::int64_t>();
    return p;
}

TEST(PaintFrameBench, TwelveMegapixelAgainstOneMegapixel) {
    const cv::Mat source =
        cv::imread(std::string(CICATRIX_TEST_DATA_DIR) + "/fuseg-sample/images/0026.jpg");
    ASSERT_FALSE(source.empty());
    TempDir dir;
    std::int64_t large = 0, small = 0;
    {
        auto library = lib::Library::open(dir / "demo");
        ASSERT_TRUE(library.has_value());
        large = importResized(**library, dir.path(), source, {4000, 3000}, "W12MP");
        small = importResized(**library, dir.path(), source, {1155, 866}, "W1MP");
    }
    ASSERT_GT(large, 0);
    ASSERT_GT(small, 0);
    const Painted base = paint(dir, small);
    const Painted big = paint(dir, large);
    ASSERT_EQ(base.undoDepth, 1) << "the stroke on the 1 MP photo changed its label";
    ASSERT_EQ(big.undoDepth, 1) << "the stroke on the 12 MP photo changed its label";
    std::cout << fmt::format(
        "[ bench    ] painting, 1 MP photo (baseline): {} frames, frame {:.1f} ms, paint+upload "
        "{:.2f} ms/frame\n"
        "[ bench    ] painting, 12 MP photo: {} frames, frame {:.1f} ms, paint+upload {:.2f} "
        "ms/frame\n"
        "[ bench    ] 12 MP / 1 MP: frame time x{:.2f}, paint+upload x{:.2f} (about 1 when the "
        "cost follows the brush, not the photo)\n",
        base.frames, base.frameMs, base.updateMs, big.frames, big.frameMs, big.updateMs,
        base.frameMs > 0 ? big.frameMs / base.frameMs : 0.0,
        base.updateMs > 0 ? big.updateMs / base.updateMs : 0.0);
}

}  // namespace
