// A real 12-megapixel photo in the GUI under Xvfb: opened at 1:1, it is drawn at full resolution
// (not the thumbnail, not downsampled), and its analysis overlay sits on the exact photo pixels:
// inside the stored mask each screen pixel is the photo blended with its stored tissue class's
// colour at the overlay opacity, outside it is the photo itself.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

#include "annotate/label_classes.hpp"
#include "library/analysis_repository.hpp"
#include "library/photo_importer.hpp"
#include "ml/calibration.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/app/settings.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

constexpr int kWidth = 4000, kHeight = 3000;  // 12 MP
const cv::Point kCentre(kWidth / 2, kHeight / 2);

struct Stored {
    cv::Mat photo;   // BGR as decoded from the imported JPEG
    cv::Mat mask;    // 0/255
    cv::Mat tissue;  // class ids
};

// Imports a 12 MP JPEG made from a real wound photo and stores an analysis of it with an
// elliptic mask (the mask is given, so the expected overlay is known exactly).
Stored makeLibrary(const fs::path& dir) {
    const cv::Mat source =
        cv::imread(std::string(CICATRIX_TEST_DATA_DIR) + "/fuseg-sample/images/0026.jpg");
    EXPECT_FALSE(source.empty());
    cv::Mat large;
    cv::resize(source, large, cv::Size(kWidth, kHeight), 0, 0, cv::INTER_CUBIC);
    const fs::path jpeg = dir / "large.jpg";
    EXPECT_TRUE(cv::imwrite(jpeg.string(), large, {cv::IMWRITE_JPEG_QUALITY, 92}));
    auto library = Library::open(dir / "lib");
    EXPECT_TRUE(library.has_value());
    ImportTarget target;
    target.patientExternalId = "P12MP";
    target.woundLabel = "W1";
    target.capturedAtOverride = "2026-03-02T10:00:00";
    const ImportReport report = PhotoImporter(**library).importFile(jpeg, target);
    EXPECT_EQ(report.outcome, ImportOutcome::Imported) << report.message;
    Stored stored;
    stored.mask = cv::Mat::zeros(kHeight, kWidth, CV_8U);
    cv::ellipse(stored.mask, kCentre, cv::Size(250, 150), 0, 0, 360, cv::Scalar(255), cv::FILLED);
    auto analysis =
        analyseLibraryPhoto(**library, *report.photo, nullptr, ml::kDefaultMarkerMm, stored.mask);
    EXPECT_TRUE(analysis.has_value()) << analysis.error().message;
    EXPECT_TRUE(analysis->tissueSha256.has_value());
    EXPECT_TRUE(analysis->lengthSegment.has_value());
    stored.tissue = loadStoredMask(**library, *analysis->tissueSha256).value_or(cv::Mat{});
    stored.photo = cv::imread(jpeg.string(), cv::IMREAD_COLOR);
    return stored;
}

// Mean absolute difference over a 15×15 patch.
double patchDiff(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    const cv::Scalar m = cv::mean(diff);
    return (m[0] + m[1] + m[2]) / 3.0;
}

TEST(GuiLargePhoto, TwelveMegapixelPhotoAtOneToOneWithItsOverlay) {
    TempDir dir;
    const Stored stored = makeLibrary(dir.path());
    ASSERT_FALSE(stored.tissue.empty());
    const fs::path png = dir / "shot.png", json = dir / "shot.json";
    const ProcessResult r =
        runCommand("xvfb-run -a -s '-screen 0 1600x1000x24' " + std::string(CICATRIX_BINARY) +
                   " gui --library " + quote((dir / "lib").string()) +
                   " --actual-pixels --frames 5 --screenshot " + quote(png.string()) +
                   " --layout-json " + quote(json.string()));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const cv::Mat shot = cv::imread(png.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(shot.empty());
    fs::create_directories("screenshots");
    fs::copy_file(png, "screenshots/large-photo-1to1.png", fs::copy_options::overwrite_existing);
    std::ifstream in(json);
    const nlohmann::json layout = nlohmann::json::parse(in);

    std::optional<cv::Rect2d> image;
    bool overlay = false;
    for (const auto& rect : layout["rects"]) {
        const std::string what = rect["what"];
        EXPECT_NE(what, "viewer-preview") << "the full resolution should be on screen";
        if (what == "viewer-image") {
            image = cv::Rect2d(rect["x"], rect["y"], rect["w"], rect["h"]);
        }
        overlay |= what == "overlay";
    }
    ASSERT_TRUE(image.has_value()) << layout.dump(2);
    ASSERT_TRUE(overlay) << "the overlay should be drawn";
    EXPECT_NEAR(image->width, kWidth, 0.5) << "1:1 means one screen pixel per photo pixel";
    EXPECT_NEAR(image->height, kHeight, 0.5);

    const float alpha =
        static_cast<float>(static_cast<int>(AppSettings{}.overlay.opacity * 255.0f)) / 255.0f;
    const auto screenPatch = [&](cv::Point imagePoint) {
        const cv::Point screen(static_cast<int>(std::lround(image->x + imagePoint.x)),
                               static_cast<int>(std::lround(image->y + imagePoint.y)));
        return shot(cv::Rect(screen.x - 7, screen.y - 7, 15, 15) &
                    cv::Rect(0, 0, shot.cols, shot.rows));
    };
    const auto photoPatch = [&](cv::Point p) {
        return stored.photo(cv::Rect(p.x - 7, p.y - 7, 15, 15));
    };
    // The photo with the stored tissue colours blended in, as the overlay should look.
    const auto blendedPatch = [&](cv::Point p) {
        cv::Mat out = photoPatch(p).clone();
        for (int y = 0; y < out.rows; ++y) {
            for (int x = 0; x < out.cols; ++x) {
                const auto c = annotate::findTissueClass(
                    stored.tissue.at<std::uint8_t>(p.y - 7 + y, p.x - 7 + x));
                if (!c || c->id == 0)
                    continue;
                cv::Vec3b& px = out.at<cv::Vec3b>(y, x);
                for (int k = 0; k < 3; ++k) {
                    const float colour = c->rgb[static_cast<std::size_t>(2 - k)];  // BGR
                    px[k] =
                        cv::saturate_cast<std::uint8_t>(px[k] * (1.0f - alpha) + colour * alpha);
                }
            }
        }
        return out;
    };
    // Inside the ellipse, off the length and width axes drawn through its centre.
    double tinted = 0.0;
    for (const cv::Point offset :
         {cv::Point(-110, -60), cv::Point(110, -60), cv::Point(-110, 60), cv::Point(110, 60)}) {
        const cv::Point p = kCentre + offset;
        ASSERT_EQ(stored.mask.at<std::uint8_t>(p), 255);
        EXPECT_LT(patchDiff(screenPatch(p), blendedPatch(p)), 6.0) << "inside the wound at " << p;
        tinted += patchDiff(blendedPatch(p), photoPatch(p)) / 4.0;
    }
    EXPECT_GT(tinted, 10.0) << "the overlay should visibly change the wound's pixels";
    // Outside the ellipse the photo is shown untouched.
    for (const cv::Point offset :
         {cv::Point(-350, -120), cv::Point(350, -120), cv::Point(-350, 120), cv::Point(350, 120)}) {
        const cv::Point p = kCentre + offset;
        ASSERT_EQ(stored.mask.at<std::uint8_t>(p), 0);
        EXPECT_LT(patchDiff(screenPatch(p), photoPatch(p)), 4.0) << "outside the wound at " << p;
    }
}

}  // namespace
}  // namespace cicatrix::workstation
