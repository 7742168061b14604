// The enrolment handout PDF: its text shows the wound site and the expiry and no name; rendered
// at 150 dpi (pdftoppm), OpenCV's QR detector finds the code and its modules read back from the
// page are exactly the token's.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "support/process.hpp"
#include "support/test_images.hpp"
#include "workstation/reports/enrolment_handout.hpp"

namespace cicatrix::workstation {
namespace {

namespace fs = std::filesystem;
using test::quote;
using test::runCommand;

// One pixel per module, 0 dark / 255 light, quiet zone cropped (the contract's form).
cv::Mat qrModules(const std::string& payload) {
    cv::Mat encoded;
    cv::QRCodeEncoder::create()->encode(payload, encoded);
    cv::Mat gray = encoded;
    if (gray.channels() == 3)
        cv::cvtColor(encoded, gray, cv::COLOR_BGR2GRAY);
    const cv::Rect dark = cv::boundingRect(gray < 128);
    return gray(dark).clone();
}

// Samples the centre of each module of the QR whose corners (top-left, top-right, bottom-right,
// bottom-left) were detected on `page`: 0 dark, 255 light.
cv::Mat readModules(const cv::Mat& page, const std::vector<cv::Point2f>& corners, int modules) {
    constexpr int kCell = 10;
    const float side = static_cast<float>(modules * kCell);
    const std::vector<cv::Point2f> square{{0, 0}, {side, 0}, {side, side}, {0, side}};
    cv::Mat upright;
    cv::warpPerspective(page, upright, cv::getPerspectiveTransform(corners, square),
                        cv::Size(modules * kCell, modules * kCell));
    cv::Mat out(modules, modules, CV_8U);
    for (int r = 0; r < modules; ++r)
        for (int c = 0; c < modules; ++c)
            out.at<std::uint8_t>(r, c) =
                upright.at<std::uint8_t>(r * kCell + kCell / 2, c * kCell + kCell / 2) < 128 ? 0
                                                                                             : 255;
    return out;
}

TEST(EnrolmentHandout, ShowsSiteAndExpiryWithoutANameAndItsQrReadsBack) {
    test::TempDir dir;
    const std::string payload =
        "cicatrix-enrol:v1.eyJuIjoiN2Y0YSIsInAiOiJILTIwNDUxOCIsInciOiJXMSJ9.c2lnbmF0dXJl";
    HandoutContent content;
    content.qrModules = qrModules(payload);
    ASSERT_FALSE(content.qrModules.empty());
    ASSERT_EQ(content.qrModules.rows, content.qrModules.cols);
    ASSERT_EQ((content.qrModules.rows - 17) % 4, 0);  // a QR version's size: one pixel per module
    content.woundSite = "left heel";
    content.woundLabel = "W1";
    content.expiresOn = "2026-04-30";
    content.uploadHint = "https://pacs.example.org/dicom-web";
    content.siteName = "Wound care unit";
    const fs::path pdf = dir / "handout.pdf";
    auto written = writeEnrolmentHandout(content, pdf);
    ASSERT_TRUE(written) << written.error().message;

    const auto text = runCommand("pdftotext -layout " + quote(pdf.string()) + " -");
    ASSERT_EQ(text.exitCode, 0) << text.output;
    for (const std::string expected :
         {"left heel", "W1", "2026-04-30", "Wound care unit", "pacs.example.org", "Page 1 of 1"})
        EXPECT_NE(text.output.find(expected), std::string::npos) << expected << "\n" << text.output;
    // Nothing in the contract carries a name; the page must not ask for one either.
    for (const std::string absent : {"Name", "name:", "Patient", "Diagnosis"})
        EXPECT_EQ(text.output.find(absent), std::string::npos) << absent << "\n" << text.output;

    const auto render = runCommand("pdftoppm -r 150 -png -singlefile " + quote(pdf.string()) + " " +
                                   quote((dir / "page").string()));
    ASSERT_EQ(render.exitCode, 0) << render.output;
    const cv::Mat page = cv::imread((dir / "page.png").string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(page.empty());
    EXPECT_NEAR(page.cols, 1240, 2);  // A4 at 150 dpi: one page, portrait
    // Debian's OpenCV has no QR decoder (built without quirc), but its detector finds the code:
    // the module grid read back from the page at the detected corners must be the one given.
    std::vector<cv::Point2f> corners;
    ASSERT_TRUE(cv::QRCodeDetector().detect(page, corners));
    ASSERT_EQ(corners.size(), 4u);
    const cv::Mat read = readModules(page, corners, content.qrModules.cols);
    EXPECT_EQ(cv::countNonZero(read != content.qrModules), 0);
}

TEST(EnrolmentHandout, RefusesAMissingQrAndAMissingFolder) {
    test::TempDir dir;
    HandoutContent content;
    content.expiresOn = "2026-04-30";
    auto noQr = writeEnrolmentHandout(content, dir / "a.pdf");
    ASSERT_FALSE(noQr);
    EXPECT_EQ(noQr.error().code, ErrorCode::InvalidInput);
    EXPECT_FALSE(fs::exists(dir / "a.pdf"));

    content.qrModules = qrModules("hello");
    const fs::path pdf = dir / "no-such-folder" / "b.pdf";
    auto noFolder = writeEnrolmentHandout(content, pdf);
    ASSERT_FALSE(noFolder);
    EXPECT_EQ(noFolder.error().code, ErrorCode::Io);
    EXPECT_FALSE(fs::exists(pdf.parent_path()));
}

}  // namespace
}  // namespace cicatrix::workstation
