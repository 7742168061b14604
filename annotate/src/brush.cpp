// BrushStroke: dabs interpolated along each segment, painted through the options' table; the
// before-patch grows with the stroke (with slack, so growth copies stay amortised).
// Main thread only.
#include "annotate/brush.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <opencv2/core.hpp>

namespace cicatrix::annotate {

int nextBrushRadius(int radius, int direction) {
    const int r = std::clamp(radius, kMinBrushRadius, kMaxBrushRadius);
    int next = r;
    if (direction > 0)
        next = std::max(r + 1, static_cast<int>(std::lround(r * 1.25)));
    else if (direction < 0)
        next = std::min(r - 1, static_cast<int>(std::lround(r / 1.25)));
    return std::clamp(next, kMinBrushRadius, kMaxBrushRadius);
}

namespace {
cv::Rect dabRect(cv::Point2f c, int radius) {
    const int x0 = static_cast<int>(std::ceil(c.x - static_cast<float>(radius)));
    const int y0 = static_cast<int>(std::ceil(c.y - static_cast<float>(radius)));
    const int x1 = static_cast<int>(std::floor(c.x + static_cast<float>(radius)));
    const int y1 = static_cast<int>(std::floor(c.y + static_cast<float>(radius)));
    return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}
}  // namespace

cv::Rect BrushStroke::begin(cv::Mat& labels, cv::Point2f point, int radius,
                            const PaintOptions& options) {
    assert(labels.type() == CV_8UC1);
    m_labels = labels;
    m_before.release();
    m_capacity = {};
    m_dirty = {};
    m_radius = std::clamp(radius, kMinBrushRadius, kMaxBrushRadius);
    m_options = options;
    m_table = changeTable(options);
    m_last = point;
    return dab(point);
}

cv::Rect BrushStroke::moveTo(cv::Point2f point) {
    if (!active())
        return {};
    const cv::Point2f delta = point - m_last;
    const double length = std::hypot(delta.x, delta.y);
    const double spacing = std::max(0.5, m_radius / 2.0);
    const int steps = std::max(1, static_cast<int>(std::ceil(length / spacing)));
    // Reserve the whole segment at once so a long fast move grows the before-patch only once.
    const cv::Rect segment = dabRect(m_last, m_radius) | dabRect(point, m_radius);
    reserve(segment & cv::Rect(0, 0, m_labels.cols, m_labels.rows));
    cv::Rect touched;
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        touched |= dab(m_last + delta * t);
    }
    m_last = point;
    return touched;
}

void BrushStroke::reserve(const cv::Rect& rect) {
    if (rect.empty() || (rect & m_capacity) == rect)
        return;
    const cv::Rect bounds(0, 0, m_labels.cols, m_labels.rows);
    // Slack on the sides the stroke grows towards (a quarter of the size, at least 32 px): a
    // stroke that keeps growing copies its before-patch O(log) times, not once per dab.
    cv::Rect grown = m_capacity.empty() ? rect : (m_capacity | rect);
    const int sx = std::max(32, grown.width / 4);
    const int sy = std::max(32, grown.height / 4);
    const bool fresh = m_capacity.empty();
    const int left = fresh || rect.x < m_capacity.x ? sx : 0;
    const int top = fresh || rect.y < m_capacity.y ? sy : 0;
    const int right = fresh || rect.br().x > m_capacity.br().x ? sx : 0;
    const int bottom = fresh || rect.br().y > m_capacity.br().y ? sy : 0;
    grown = cv::Rect(grown.x - left, grown.y - top, grown.width + left + right,
                     grown.height + top + bottom) &
            bounds;
    cv::Mat before = m_labels(grown).clone();  // outside m_capacity nothing was painted yet
    if (!m_capacity.empty())
        m_before.copyTo(before(m_capacity - grown.tl()));
    m_before = before;
    m_capacity = grown;
}

cv::Rect BrushStroke::dab(cv::Point2f c) {
    const cv::Rect rect = dabRect(c, m_radius) & cv::Rect(0, 0, m_labels.cols, m_labels.rows);
    if (rect.empty())
        return {};
    reserve(rect);
    const std::uint8_t value = paintValue(m_options);
    const float r2 = static_cast<float>(m_radius) * static_cast<float>(m_radius);
    for (int y = rect.y; y < rect.y + rect.height; ++y) {
        const float dy = static_cast<float>(y) - c.y;
        const float span2 = r2 - dy * dy;
        if (span2 < 0.0F)
            continue;
        const float span = std::sqrt(span2);
        const int x0 = std::max(rect.x, static_cast<int>(std::ceil(c.x - span)));
        const int x1 = std::min(rect.x + rect.width - 1, static_cast<int>(std::floor(c.x + span)));
        auto* row = m_labels.ptr<std::uint8_t>(y);
        for (int x = x0; x <= x1; ++x) {
            if (m_table[row[x]])
                row[x] = value;
        }
    }
    m_dirty |= rect;
    return rect;
}

LabelEdit BrushStroke::end(std::string name) {
    if (name.empty())
        name = m_options.erase ? "Eraser" : "Brush";
    LabelEdit edit{std::move(name), {}, {}, {}};
    if (active() && !m_dirty.empty()) {
        edit = localEdit(std::move(edit.name), m_before(m_dirty - m_capacity.tl()),
                         m_labels(m_dirty), m_dirty.tl());
    }
    m_labels.release();
    m_before.release();
    m_capacity = {};
    m_dirty = {};
    return edit;
}

}  // namespace cicatrix::annotate
