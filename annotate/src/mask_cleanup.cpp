// Fill holes, remove small islands and smooth edges with connected components and box-filtered
// class votes, on the bounding box of the labelled pixels. Main thread only.
#include "annotate/mask_cleanup.hpp"

#include <array>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "annotate/label_classes.hpp"
#include "annotate/paint.hpp"

namespace cicatrix::annotate {

namespace {
// Everything outside this box is background.
cv::Rect labelledBox(const cv::Mat& labels) {
    CV_Assert(labels.type() == CV_8UC1);
    cv::Mat nonZero;
    cv::compare(labels, 0, nonZero, cv::CMP_NE);
    return cv::boundingRect(nonZero);
}

LabelEdit finish(cv::Mat& labels, const cv::Rect& box, const cv::Mat& out, std::string name) {
    LabelEdit edit = localEdit(std::move(name), labels(box), out, box.tl());
    apply(labels, edit);
    return edit;
}

// Label counts over the 8-neighbours of component `id` (in `comp`, CV_32S over `crop`) that lie
// outside it; neighbours outside the crop count as background.
std::array<int, 256> neighbourCounts(const cv::Mat& crop, const cv::Mat& comp, int id,
                                     const cv::Rect& rect, int connectivity) {
    std::array<int, 256> counts{};
    const cv::Rect area(rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2);
    for (int y = area.y; y < area.y + area.height; ++y) {
        for (int x = area.x; x < area.x + area.width; ++x) {
            const bool inside = x >= 0 && y >= 0 && x < crop.cols && y < crop.rows;
            if (inside && comp.at<int>(y, x) == id)
                continue;
            bool touches = false;
            for (int dy = -1; dy <= 1 && !touches; ++dy) {
                for (int dx = -1; dx <= 1 && !touches; ++dx) {
                    if ((dx == 0 && dy == 0) || (connectivity == 4 && dx != 0 && dy != 0))
                        continue;
                    const int nx = x + dx;
                    const int ny = y + dy;
                    touches = nx >= 0 && ny >= 0 && nx < crop.cols && ny < crop.rows &&
                              comp.at<int>(ny, nx) == id;
                }
            }
            if (touches)
                ++counts[inside ? crop.at<std::uint8_t>(y, x) : 0];
        }
    }
    return counts;
}
}  // namespace

LabelEdit fillHoles(cv::Mat& labels, std::optional<std::uint8_t> classId) {
    const cv::Rect box = labelledBox(labels);
    if (box.empty())
        return LabelEdit{"Fill holes", {}, {}, {}};
    const cv::Mat crop = labels(box);
    cv::Mat out = crop.clone();
    cv::Mat background;
    cv::compare(crop, 0, background, cv::CMP_EQ);
    cv::Mat comp;
    cv::Mat stats;
    cv::Mat centroids;
    const int n = cv::connectedComponentsWithStats(background, comp, stats, centroids, 4, CV_32S);
    for (int i = 1; i < n; ++i) {
        const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        // Touching the box's edge means touching the background outside it (or the map border).
        if (r.x == 0 || r.y == 0 || r.x + r.width == crop.cols || r.y + r.height == crop.rows)
            continue;
        const auto counts = neighbourCounts(crop, comp, i, r, 4);
        std::uint8_t fill = 0;
        bool enclosed = true;
        int best = 0;
        for (int v = 1; v < 256 && enclosed; ++v) {
            const int c = counts[static_cast<std::size_t>(v)];
            if (c == 0)
                continue;
            const auto id = static_cast<std::uint8_t>(v);
            enclosed = classId ? id == *classId : isWoundClass(id);
            if (c > best) {
                best = c;
                fill = id;
            }
        }
        if (!enclosed || fill == 0)
            continue;
        cv::Mat hole;
        cv::compare(comp(r), i, hole, cv::CMP_EQ);
        out(r).setTo(fill, hole);
    }
    return finish(labels, box, out, "Fill holes");
}

LabelEdit removeSmallIslands(cv::Mat& labels, int minAreaPx) {
    const cv::Rect box = labelledBox(labels);
    if (box.empty() || minAreaPx <= 1)
        return LabelEdit{"Remove small islands", {}, {}, {}};
    const cv::Mat crop = labels(box);
    cv::Mat out = crop.clone();
    std::array<bool, 256> present{};
    for (int y = 0; y < crop.rows; ++y) {
        const auto* row = crop.ptr<std::uint8_t>(y);
        for (int x = 0; x < crop.cols; ++x) present[row[x]] = true;
    }
    for (int v = 1; v < 255; ++v) {
        if (!present[static_cast<std::size_t>(v)])
            continue;
        cv::Mat mask;
        cv::compare(crop, v, mask, cv::CMP_EQ);
        cv::Mat comp;
        cv::Mat stats;
        cv::Mat centroids;
        const int n = cv::connectedComponentsWithStats(mask, comp, stats, centroids, 8, CV_32S);
        for (int i = 1; i < n; ++i) {
            if (stats.at<int>(i, cv::CC_STAT_AREA) >= minAreaPx)
                continue;
            const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                             stats.at<int>(i, cv::CC_STAT_WIDTH),
                             stats.at<int>(i, cv::CC_STAT_HEIGHT));
            const auto counts = neighbourCounts(crop, comp, i, r, 8);
            const auto it = std::max_element(counts.begin(), counts.end());
            cv::Mat island;
            cv::compare(comp(r), i, island, cv::CMP_EQ);
            out(r).setTo(static_cast<int>(it - counts.begin()), island);
        }
    }
    return finish(labels, box, out, "Remove small islands");
}

LabelEdit smoothEdges(cv::Mat& labels, int radius) {
    const cv::Rect labelled = labelledBox(labels);
    if (labelled.empty() || radius < 1)
        return LabelEdit{"Smooth edges", {}, {}, {}};
    const cv::Rect box = cv::Rect(labelled.x - radius, labelled.y - radius,
                                  labelled.width + 2 * radius, labelled.height + 2 * radius) &
                         cv::Rect(0, 0, labels.cols, labels.rows);
    const cv::Mat crop = labels(box);
    std::array<bool, 256> present{};
    for (int y = 0; y < crop.rows; ++y) {
        const auto* row = crop.ptr<std::uint8_t>(y);
        for (int x = 0; x < crop.cols; ++x) present[row[x]] = true;
    }
    // Votes: the box-filtered share of each class; the current class gets a tiny bonus so a tie
    // keeps it. Best score and class kept per pixel (memory: three crop-sized buffers).
    constexpr float kTieBonus = 1e-4F;
    cv::Mat best(crop.size(), CV_32F, cv::Scalar(-1.0));
    cv::Mat out = crop.clone();
    const cv::Size window(2 * radius + 1, 2 * radius + 1);
    cv::Mat indicator;
    cv::Mat score;
    for (int v = 0; v < 255; ++v) {
        if (!present[static_cast<std::size_t>(v)])
            continue;
        cv::compare(crop, v, indicator, cv::CMP_EQ);
        indicator.convertTo(indicator, CV_32F, 1.0 / 255.0);
        cv::blur(indicator, score, window, cv::Point(-1, -1), cv::BORDER_REPLICATE);
        score += indicator * kTieBonus;
        for (int y = 0; y < crop.rows; ++y) {
            const float* s = score.ptr<float>(y);
            float* b = best.ptr<float>(y);
            auto* o = out.ptr<std::uint8_t>(y);
            const auto* c = crop.ptr<std::uint8_t>(y);
            for (int x = 0; x < crop.cols; ++x) {
                if (c[x] != kIgnoreLabel && s[x] > b[x]) {
                    b[x] = s[x];
                    o[x] = static_cast<std::uint8_t>(v);
                }
            }
        }
    }
    return finish(labels, box, out, "Smooth edges");
}

}  // namespace cicatrix::annotate
