// The real workstation under Xvfb on a library whose wound has three calibrated measurements —
// good, fair and unreliable — each with its 95 % interval: the photo panel writes the verdict
// before the area with its interval ("≈… unreliable" when unreliable), and the trend chart draws
// every point with its interval bar and the unreliable one hollow (as recorded by the drawing
// code in the layout JSON; screenshot kept in build/tests/screenshots/).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <map>

#include "library/analysis_repository.hpp"
#include "library/content_hash.hpp"
#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::library;
using namespace cicatrix::test;
namespace fs = std::filesystem;

const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;

struct Visit {
    const char* stem;
    const char* date;
    double area, low, high;
    const char* quality;
    const char* reason;  // empty: none
};

constexpr Visit kVisits[] = {
    {"P20T_1", "2026-01-05T10:00:00", 7.40, 7.21, 7.62, "good", ""},
    {"P20T_2", "2026-01-19T10:00:00", 6.10, 5.92, 6.31, "fair",
     "marker oblique — a photo from above is more accurate"},
    {"P20T_3", "2026-02-02T10:00:00", 5.20, 4.10, 6.30, "unreliable",
     "marker too oblique — retake from above"},
};

std::string texts(const nlohmann::json& layout, const std::string& what) {
    std::string out;
    for (const auto& t : layout["texts"])
        if (t["what"] == what)
            out += (out.empty() ? "" : " | ") + t["text"].get<std::string>();
    return out;
}

TEST(GuiMeasurement, VerdictBeforeTheAreaWithItsIntervalAndTrendBars) {
    TempDir dir;
    std::map<std::int64_t, const Visit*> byPhoto;
    {
        auto library = std::move(*Library::open(dir / "lib"));
        for (const Visit& v : kVisits) {
            const ImportTarget target{"H-1",  "Ada Quinlan", "W1",        {}, PhotoSource::Clinic,
                                      v.date, "test",        std::nullopt};
            auto imported = PhotoImporter(*library).importFile(
                kAssets / "demo/Patient_20" / (std::string(v.stem) + ".jpg"), target);
            ASSERT_EQ(imported.outcome, ImportOutcome::Imported) << imported.message;
            const cv::Mat mask = cv::imread((kAssets / "demo/wound_masks/Patient_20" /
                                             (std::string(v.stem) + ".png"))
                                                .string(),
                                            cv::IMREAD_GRAYSCALE) > 127;
            std::vector<std::uint8_t> png;
            ASSERT_TRUE(cv::imencode(".png", mask, png));
            ASSERT_TRUE(library->store().put(sha256Hex(png), png));
            Analysis a;
            a.photoId = imported.photo->id;
            a.maskSource = "model";
            a.maskSha256 = sha256Hex(png);
            a.modelName = "woundseg";
            a.modelVersion = "2.0.0";
            a.areaPx = cv::countNonZero(mask);
            a.lengthPx = 400;
            a.widthPx = 230;
            a.calibrationSource = "aruco";
            a.calibrationDetail = "ArUco 4x4_50 id 7, 20.0 mm";
            a.mmPerPixel = 0.1;
            a.areaCm2 = v.area;
            a.areaCm2Ci95 = ValueRange{v.low, v.high};
            a.lengthMm = 40.0;
            a.lengthMmCi95 = ValueRange{39.5, 40.5};
            a.widthMm = 23.0;
            a.widthMmCi95 = ValueRange{22.7, 23.3};
            a.perimeterMm = 110.0;
            a.calibrationQuality = v.quality;
            if (*v.reason)
                a.calibrationReasons = {v.reason};
            auto id = library->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
                return AnalysisRepository(db).insert(a);
            });
            ASSERT_TRUE(id) << id.error().message;
            byPhoto[imported.photo->id] = &v;
        }
    }
    const fs::path png = dir / "measurement.png", layoutPath = dir / "measurement.json";
    const std::string cmd =
        "xvfb-run -a -s '-screen 0 1600x1000x24' " + std::string(CICATRIX_BINARY) +
        " gui --library " + quote((dir / "lib").string()) + " --open-wound 1 --screenshot " +
        quote(png.string()) + " --frames 6 --layout-json " + quote(layoutPath.string());
    const ProcessResult r = runCommand(cmd);
    ASSERT_EQ(r.exitCode, 0) << cmd << "\n" << r.output;
    std::ifstream in(layoutPath);
    const nlohmann::json layout = nlohmann::json::parse(in);
    fs::create_directories("screenshots");
    fs::copy_file(png, "screenshots/measurement-intervals.png",
                  fs::copy_options::overwrite_existing);

    // The photo panel, for the photo on screen: verdict, then the area with its interval.
    const auto selected = byPhoto.find(layout["selected_photo"].get<std::int64_t>());
    ASSERT_NE(selected, byPhoto.end()) << layout.dump();
    const Visit& v = *selected->second;
    const std::string unreliable =
        v.quality == std::string("unreliable") ? "UNRELIABLE" : v.quality;
    EXPECT_EQ(texts(layout, "info:Reliability"),
              *v.reason ? unreliable + " — " + v.reason : unreliable);
    EXPECT_EQ(texts(layout, "info:Area"),
              v.quality == std::string("unreliable")
                  ? fmt::format("≈{:.1f} cm² ({:.1f}–{:.1f}), unreliable", v.area, v.low, v.high)
                  : fmt::format("{:.2f} cm² ({:.2f}–{:.2f})", v.area, v.low, v.high));
    std::vector<std::string> order;
    for (const auto& t : layout["texts"])
        if (t["what"] == "info:Reliability" || t["what"] == "info:Area")
            order.push_back(t["what"]);
    EXPECT_EQ(order, (std::vector<std::string>{"info:Reliability", "info:Area"}));

    // The trend chart: every visit with its bar, the unreliable one marked.
    EXPECT_EQ(texts(layout, "trend:area"),
              "7.40 [7.21, 7.62] | 6.10 [5.92, 6.31] | 5.20 [4.10, 6.30] unreliable");
}

}  // namespace
}  // namespace cicatrix::workstation
