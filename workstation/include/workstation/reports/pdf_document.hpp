// A small A4 PDF writer over cairo for the workstation's printed documents: a flowing cursor with
// wrapped text (DejaVu Sans), tables, images scaled into a box, and a footer "Page N of M ·
// <footer text>" on every page. M needs the page count: renderPdf() lays the document out twice
// (a counting pass, then the real one), so the layout function must be deterministic.
// Thread-safe (no shared state; one document per thread).
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "workstation/error.hpp"

using cairo_t = struct _cairo;  // cairo's own typedef, so that this header needs no cairo.h

namespace cicatrix::workstation {

inline constexpr double kA4WidthPt = 595.276;
inline constexpr double kA4HeightPt = 841.890;
inline constexpr double kPageMarginPt = 48.0;
inline constexpr double kFooterHeightPt = 28.0;

struct Rgb {
    double r = 0, g = 0, b = 0;
};

struct TextStyle {
    double size = 10.0;
    bool bold = false;
    Rgb colour{0.1, 0.1, 0.1};
};

class PdfDocument {
  public:
    // totalPages: the count from the counting pass (0 while counting); footer: after "Page N of M".
    PdfDocument(cairo_t* cr, int totalPages, std::string footer);
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    [[nodiscard]] cairo_t* cr() { return m_cr; }
    [[nodiscard]] double left() const { return kPageMarginPt; }
    [[nodiscard]] double contentWidth() const { return kA4WidthPt - 2 * kPageMarginPt; }
    [[nodiscard]] double bottom() const { return kA4HeightPt - kPageMarginPt - kFooterHeightPt; }
    [[nodiscard]] double y() const { return m_y; }
    void setY(double y) { m_y = y; }
    void advance(double dy) { m_y += dy; }
    [[nodiscard]] int pageNumber() const { return m_page; }

    // Starts a new page when less than `height` points are left on this one.
    void ensureSpace(double height);
    void newPage();
    // Ends the last page (draws its footer). Call once, after the layout.
    void finish();

    // Wrapped text at the cursor across the content width (or `width` from `x`); moves the
    // cursor below it, breaking pages between lines.
    void paragraph(const std::string& text, const TextStyle& style = {}, double spaceAfter = 4.0);
    void paragraphAt(double x, double width, const std::string& text, const TextStyle& style);
    void heading(const std::string& text, double size = 13.0);
    // Label: value lines ("Hospital id: 123") in two aligned columns.
    void keyValues(const std::vector<std::pair<std::string, std::string>>& rows,
                   double keyWidth = 110.0);

    // A table with a shaded header (repeated on each page it spans) and wrapped cells; column
    // widths in points (scaled to the content width when they add up to more).
    void table(const std::vector<double>& widths, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows, double fontSize = 8.0);

    // Text helpers for custom drawing (cr() coordinates): width of a line, and one line drawn
    // with its baseline at y.
    double textWidth(const std::string& text, const TextStyle& style);
    void textLine(double x, double y, const std::string& text, const TextStyle& style);
    // Wraps `text` into lines no wider than `width`.
    std::vector<std::string> wrap(const std::string& text, double width, const TextStyle& style);

    // Draws a BGR (or gray) image scaled to fit the box (x, y, w, h), keeping its aspect ratio,
    // top-left aligned; embedded as JPEG (quality `jpegQuality`) when > 0, else lossless.
    // Returns the drawn size.
    cv::Size2d image(const cv::Mat& pixels, double x, double y, double w, double h,
                     int jpegQuality = 85);

  private:
    void drawFooter();
    void selectFont(const TextStyle& style);

    cairo_t* m_cr;
    int m_totalPages;
    std::string m_footer;
    int m_page = 1;
    double m_y = kPageMarginPt;
};

// Lays the document out with `layout` twice (counting pages, then for real) and writes the PDF
// atomically (temp file, fsync, rename). Io on an unwritable path, InvalidInput on a cairo error.
[[nodiscard]] Result<void> renderPdf(const std::filesystem::path& pdf, const std::string& title,
                                     const std::string& footer,
                                     const std::function<void(PdfDocument&)>& layout);

// Bytes of the PDF (for tests and callers that store it elsewhere).
[[nodiscard]] Result<std::vector<std::uint8_t>> renderPdfBytes(
    const std::string& title, const std::string& footer,
    const std::function<void(PdfDocument&)>& layout);

}  // namespace cicatrix::workstation
