// PdfDocument over a cairo PDF surface (toy text API with DejaVu Sans, images as JPEG MIME data)
// and the two-pass renderPdf. Thread-safe: each call owns its surface.
#include "workstation/reports/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <numeric>

#include "library/atomic_file.hpp"

namespace cicatrix::workstation {

namespace {

constexpr char kFontFamily[] = "DejaVu Sans";
constexpr double kLineSpacing = 1.3;  // line height as a multiple of the font size
constexpr double kCellPadding = 3.0;

double lineHeight(const TextStyle& style) {
    return style.size * kLineSpacing;
}

// Splits at spaces, keeping explicit newlines as paragraph breaks ("\n" words).
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (const char c : text) {
        if (c == ' ' || c == '\n') {
            if (!word.empty())
                out.push_back(std::move(word));
            word.clear();
            if (c == '\n')
                out.emplace_back("\n");
        } else {
            word += c;
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

// Byte length of the UTF-8 sequence starting with `lead`.
std::size_t utf8Length(unsigned char lead) {
    if (lead >= 0xF0)
        return 4;
    if (lead >= 0xE0)
        return 3;
    if (lead >= 0xC0)
        return 2;
    return 1;
}

cairo_status_t appendToVector(void* closure, const unsigned char* data, unsigned int length) {
    auto* bytes = static_cast<std::vector<std::uint8_t>*>(closure);
    bytes->insert(bytes->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard(void* /*closure*/, const unsigned char* /*data*/, unsigned int /*length*/) {
    return CAIRO_STATUS_SUCCESS;
}

void freeJpeg(void* data) {
    delete static_cast<std::vector<std::uint8_t>*>(data);
}

}  // namespace

PdfDocument::PdfDocument(cairo_t* cr, int totalPages, std::string footer)
    : m_cr(cr), m_totalPages(totalPages), m_footer(std::move(footer)) {}

void PdfDocument::selectFont(const TextStyle& style) {
    cairo_select_font_face(m_cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(m_cr, style.size);
    cairo_set_source_rgb(m_cr, style.colour.r, style.colour.g, style.colour.b);
}

double PdfDocument::textWidth(const std::string& text, const TextStyle& style) {
    selectFont(style);
    cairo_text_extents_t extents;
    cairo_text_extents(m_cr, text.c_str(), &extents);
    return extents.x_advance;
}

void PdfDocument::textLine(double x, double y, const std::string& text, const TextStyle& style) {
    selectFont(style);
    cairo_move_to(m_cr, x, y);
    cairo_show_text(m_cr, text.c_str());
}

std::vector<std::string> PdfDocument::wrap(const std::string& text, double width,
                                           const TextStyle& style) {
    std::vector<std::string> lines;
    std::string line;
    const auto flush = [&] {
        lines.push_back(line);
        line.clear();
    };
    for (std::string word : words(text)) {
        if (word == "\n") {
            flush();
            continue;
        }
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (textWidth(candidate, style) <= width) {
            line = candidate;
            continue;
        }
        if (!line.empty())
            flush();
        // A word wider than the line is cut between UTF-8 characters.
        while (textWidth(word, style) > width) {
            std::size_t cut = 0;
            while (cut < word.size()) {
                const std::size_t next = cut + utf8Length(static_cast<unsigned char>(word[cut]));
                if (cut > 0 && textWidth(word.substr(0, next), style) > width)
                    break;
                cut = next;
            }
            line = word.substr(0, cut);
            flush();
            word = word.substr(cut);
        }
        line = word;
    }
    if (!line.empty() || lines.empty())
        flush();
    return lines;
}

void PdfDocument::ensureSpace(double height) {
    if (m_y + height > bottom() && m_y > kPageMarginPt)
        newPage();
}

void PdfDocument::newPage() {
    drawFooter();
    cairo_show_page(m_cr);
    ++m_page;
    m_y = kPageMarginPt;
}

void PdfDocument::finish() {
    drawFooter();
    cairo_show_page(m_cr);
}

void PdfDocument::drawFooter() {
    const double y = kA4HeightPt - kPageMarginPt;
    cairo_set_source_rgb(m_cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(m_cr, 0.5);
    cairo_move_to(m_cr, left(), y - 12);
    cairo_line_to(m_cr, left() + contentWidth(), y - 12);
    cairo_stroke(m_cr);
    const std::string total = m_totalPages > 0 ? std::to_string(m_totalPages) : "?";
    std::string text = "Page " + std::to_string(m_page) + " of " + total;
    if (!m_footer.empty())
        text += " · " + m_footer;
    textLine(left(), y, text, TextStyle{7.5, false, {0.35, 0.35, 0.35}});
}

void PdfDocument::paragraphAt(double x, double width, const std::string& text,
                              const TextStyle& style) {
    const double height = lineHeight(style);
    for (const std::string& line : wrap(text, width, style)) {
        ensureSpace(height);
        textLine(x, m_y + style.size, line, style);
        m_y += height;
    }
}

void PdfDocument::paragraph(const std::string& text, const TextStyle& style, double spaceAfter) {
    paragraphAt(left(), contentWidth(), text, style);
    m_y += spaceAfter;
}

void PdfDocument::heading(const std::string& text, double size) {
    ensureSpace(size * 4);  // never a heading alone at the foot of a page
    m_y += size * 0.5;
    paragraph(text, TextStyle{size, true, {0.08, 0.2, 0.35}}, size * 0.35);
}

void PdfDocument::keyValues(const std::vector<std::pair<std::string, std::string>>& rows,
                            double keyWidth) {
    const TextStyle keyStyle{9.5, true, {0.3, 0.3, 0.3}};
    const TextStyle valueStyle{9.5, false, {0.1, 0.1, 0.1}};
    for (const auto& [key, value] : rows) {
        const auto lines = wrap(value, contentWidth() - keyWidth, valueStyle);
        const double height = lineHeight(valueStyle);
        ensureSpace(height * static_cast<double>(lines.size()));
        textLine(left(), m_y + valueStyle.size, key, keyStyle);
        for (const std::string& line : lines) {
            textLine(left() + keyWidth, m_y + valueStyle.size, line, valueStyle);
            m_y += height;
        }
    }
    m_y += 4;
}

void PdfDocument::table(const std::vector<double>& widthsIn, const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows, double fontSize) {
    std::vector<double> widths = widthsIn;
    const double sum = std::accumulate(widths.begin(), widths.end(), 0.0);
    if (sum > contentWidth())
        for (double& w : widths) w *= contentWidth() / sum;
    const TextStyle headStyle{fontSize, true, {0.1, 0.1, 0.1}};
    const TextStyle cellStyle{fontSize, false, {0.1, 0.1, 0.1}};
    const double line = lineHeight(cellStyle);

    const auto rowHeight = [&](const std::vector<std::vector<std::string>>& cells) {
        std::size_t most = 1;
        for (const auto& c : cells) most = std::max(most, c.size());
        return static_cast<double>(most) * line + 2 * kCellPadding;
    };
    const auto wrapRow = [&](const std::vector<std::string>& row, const TextStyle& style) {
        std::vector<std::vector<std::string>> cells;
        for (std::size_t i = 0; i < widths.size(); ++i)
            cells.push_back(
                wrap(i < row.size() ? row[i] : "", widths[i] - 2 * kCellPadding, style));
        return cells;
    };
    const auto drawRow = [&](const std::vector<std::vector<std::string>>& cells,
                             const TextStyle& style, bool shaded) {
        const double h = rowHeight(cells);
        const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
        if (shaded) {
            cairo_set_source_rgb(m_cr, 0.88, 0.91, 0.95);
            cairo_rectangle(m_cr, left(), m_y, total, h);
            cairo_fill(m_cr);
        }
        double x = left();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            double ly = m_y + kCellPadding + style.size;
            for (const std::string& l : cells[i]) {
                textLine(x + kCellPadding, ly, l, style);
                ly += line;
            }
            x += widths[i];
        }
        cairo_set_source_rgb(m_cr, 0.75, 0.75, 0.75);
        cairo_set_line_width(m_cr, 0.4);
        cairo_move_to(m_cr, left(), m_y + h);
        cairo_line_to(m_cr, left() + total, m_y + h);
        cairo_stroke(m_cr);
        m_y += h;
    };

    const auto headCells = wrapRow(header, headStyle);
    ensureSpace(rowHeight(headCells) + line * 2 + 2 * kCellPadding);
    drawRow(headCells, headStyle, true);
    for (const auto& row : rows) {
        const auto cells = wrapRow(row, cellStyle);
        const int before = m_page;
        ensureSpace(rowHeight(cells));
        if (m_page != before)
            drawRow(headCells, headStyle, true);
        drawRow(cells, cellStyle, false);
    }
    m_y += 6;
}

cv::Size2d PdfDocument::image(const cv::Mat& pixels, double x, double y, double w, double h,
                              int jpegQuality) {
    if (pixels.empty())
        return {0, 0};
    const double scale = std::min(w / pixels.cols, h / pixels.rows);
    const cv::Size2d drawn(pixels.cols * scale, pixels.rows * scale);
    if (m_totalPages == 0)
        return drawn;  // counting pass: only the size matters

    cv::Mat bgra;
    if (pixels.channels() == 1)
        cv::cvtColor(pixels, bgra, cv::COLOR_GRAY2BGRA);
    else if (pixels.channels() == 4)
        bgra = pixels.clone();
    else
        cv::cvtColor(pixels, bgra, cv::COLOR_BGR2BGRA);
    // CAIRO_FORMAT_RGB24 is 0x00RRGGBB per native 32-bit word: B, G, R, x bytes on little endian,
    // OpenCV's BGRA layout.
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, bgra.cols, bgra.rows);
    cairo_surface_flush(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int r = 0; r < bgra.rows; ++r)
        std::memcpy(data + static_cast<std::ptrdiff_t>(r) * stride, bgra.ptr(r),
                    static_cast<std::size_t>(bgra.cols) * 4);
    cairo_surface_mark_dirty(surface);
    if (jpegQuality > 0) {
        // The PDF surface embeds these bytes as they are (DCTDecode) instead of deflated pixels.
        auto* jpeg = new std::vector<std::uint8_t>();
        cv::Mat bgr;
        cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
        if (cv::imencode(".jpg", bgr, *jpeg, {cv::IMWRITE_JPEG_QUALITY, jpegQuality}))
            cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, jpeg->data(), jpeg->size(),
                                        freeJpeg, jpeg);
        else
            delete jpeg;
    }
    cairo_save(m_cr);
    cairo_translate(m_cr, x, y);
    cairo_scale(m_cr, scale, scale);
    cairo_set_source_surface(m_cr, surface, 0, 0);
    cairo_rectangle(m_cr, 0, 0, bgra.cols, bgra.rows);
    cairo_fill(m_cr);
    cairo_restore(m_cr);
    cairo_surface_destroy(surface);
    return drawn;
}

Result<std::vector<std::uint8_t>> renderPdfBytes(const std::string& title,
                                                 const std::string& footer,
                                                 const std::function<void(PdfDocument&)>& layout) {
    // Pass 1 counts the pages; pass 2 writes them with "of M".
    int pages = 0;
    std::vector<std::uint8_t> bytes;
    for (int pass = 0; pass < 2; ++pass) {
        cairo_surface_t* surface = pass == 0 ? cairo_pdf_surface_create_for_stream(
                                                   discard, nullptr, kA4WidthPt, kA4HeightPt)
                                             : cairo_pdf_surface_create_for_stream(
                                                   appendToVector, &bytes, kA4WidthPt, kA4HeightPt);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Cicatrix");
        cairo_t* cr = cairo_create(surface);
        {
            PdfDocument doc(cr, pass == 0 ? 0 : pages, footer);
            layout(doc);
            doc.finish();
            pages = doc.pageNumber();
        }
        const cairo_status_t drawStatus = cairo_status(cr);
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        const cairo_status_t surfaceStatus = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
        if (drawStatus != CAIRO_STATUS_SUCCESS || surfaceStatus != CAIRO_STATUS_SUCCESS)
            return fail(ErrorCode::InvalidInput,
                        std::string("cannot draw the PDF: ") +
                            cairo_status_to_string(
                                drawStatus != CAIRO_STATUS_SUCCESS ? drawStatus : surfaceStatus));
    }
    return bytes;
}

Result<void> renderPdf(const std::filesystem::path& pdf, const std::string& title,
                       const std::string& footer, const std::function<void(PdfDocument&)>& layout) {
    auto bytes = renderPdfBytes(title, footer, layout);
    if (!bytes)
        return std::unexpected(bytes.error());
    std::error_code ec;
    const auto folder = std::filesystem::absolute(pdf, ec).parent_path();
    if (ec || !std::filesystem::is_directory(folder, ec))
        return fail(ErrorCode::Io, "cannot write " + pdf.string() + ": its folder does not exist");
    return writeFileAtomically(pdf, *bytes, /*allowReplace=*/true);
}

}  // namespace cicatrix::workstation
