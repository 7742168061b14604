// The enrolment handout: one A4 page with the QR code drawn as vector squares (crisp at any
// printer resolution), the wound, the expiry and the instructions. No name, no diagnosis.
// Thread-safe (no shared state).
#include "workstation/reports/enrolment_handout.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include "workstation/reports/pdf_document.hpp"

namespace cicatrix::workstation {

namespace {

constexpr int kQuietZoneModules = 4;  // the QR standard's white margin
constexpr double kQrSidePt = 220.0;   // about 78 mm including the quiet zone

// Dark modules as filled squares on a white square (the quiet zone included).
void drawQr(cairo_t* cr, const cv::Mat& modules, double x, double y, double side) {
    const int n = modules.cols + 2 * kQuietZoneModules;
    const double module = side / n;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < modules.rows; ++r) {
        const auto* row = modules.ptr<std::uint8_t>(r);
        for (int c = 0; c < modules.cols; ++c) {
            if (row[c] < 128)
                cairo_rectangle(cr, x + (c + kQuietZoneModules) * module,
                                y + (r + kQuietZoneModules) * module, module, module);
        }
    }
    // One fill for all squares: adjacent squares merge without hairline gaps.
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
}

}  // namespace

Result<void> writeEnrolmentHandout(const HandoutContent& content,
                                   const std::filesystem::path& pdf) {
    if (content.qrModules.empty() || content.qrModules.type() != CV_8U ||
        content.qrModules.rows != content.qrModules.cols)
        return fail(ErrorCode::InvalidInput,
                    "the handout needs the QR code as a square 8-bit "
                    "module image");
    const std::string wound = content.woundSite.empty()
                                  ? content.woundLabel
                                  : fmt::format("{} ({})", content.woundSite, content.woundLabel);
    const auto layout = [&](PdfDocument& doc) {
        const TextStyle small{8.5, false, {0.3, 0.3, 0.3}};
        doc.paragraph("Wound photos from home", TextStyle{20, true, {0.08, 0.2, 0.35}}, 2);
        if (!content.siteName.empty())
            doc.paragraph(content.siteName, TextStyle{12, false, {0.25, 0.25, 0.25}}, 2);
        doc.advance(8);
        doc.keyValues({{"Wound", wound}, {"Valid until", content.expiresOn}}, 90);

        const double qrX = doc.left() + (doc.contentWidth() - kQrSidePt) / 2;
        drawQr(doc.cr(), content.qrModules, qrX, doc.y(), kQrSidePt);
        doc.advance(kQrSidePt + 6);
        doc.paragraph(
            "Scan this code once with the photo app your care team set up. It lets "
            "photos into the file of this wound only, until " +
                content.expiresOn + ".",
            TextStyle{9.5, false, {0.1, 0.1, 0.1}}, 10);

        doc.heading("Taking the photos", 12);
        const TextStyle body{10, false, {0.1, 0.1, 0.1}};
        doc.paragraph("1. Use daylight or a bright room; no flash if it makes glare.", body, 2);
        doc.paragraph(
            "2. Place the calibration sticker beside the wound, on the same skin "
            "surface, without covering the wound.",
            body, 2);
        doc.paragraph(
            "3. Hold the phone straight above the wound, 20 to 30 cm away, with the "
            "whole wound and the sticker in the picture.",
            body, 2);
        doc.paragraph("4. Send the photos on the days your care team asked for.", body, 2);
        doc.heading("When not to wait", 12);
        doc.paragraph(
            "Fever, redness that spreads, a bad smell, more pain or bleeding: call your "
            "care team now. Photos are not watched around the clock.",
            body, 6);
        doc.heading("Keep this sheet safe", 12);
        doc.paragraph(
            "Anyone holding this code can send photos into this wound's file until it "
            "expires. If you lose the sheet, tell your care team: they will cancel the "
            "code and print a new one.",
            body, 10);
        if (!content.uploadHint.empty())
            doc.paragraph("Photos go to: " + content.uploadHint, small, 2);
        doc.paragraph("This sheet carries no name and no diagnosis.", small, 2);
    };
    return renderPdf(pdf, "Wound photos from home", "Cicatrix telemonitoring handout", layout);
}

}  // namespace cicatrix::workstation
