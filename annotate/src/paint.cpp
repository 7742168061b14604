// The shared painting rule and the masked paint used by the polygon, flood-fill, GrabCut and
// superpixel tools. Thread rule: a map and its edits belong to one thread at a time.
#include "annotate/paint.hpp"

#include <cassert>
#include <opencv2/core.hpp>

namespace cicatrix::annotate {

std::array<std::uint8_t, 256> changeTable(const PaintOptions& o) {
    std::array<std::uint8_t, 256> table{};
    for (int v = 0; v < 256; ++v)
        table[static_cast<std::size_t>(v)] = canChange(static_cast<std::uint8_t>(v), o) ? 1 : 0;
    return table;
}

LabelEdit localEdit(std::string name, const cv::Mat& before, const cv::Mat& after,
                    cv::Point offset) {
    LabelEdit edit = diffEdit(std::move(name), before, after);
    if (!edit.rect.empty())
        edit.rect += offset;
    return edit;
}

LabelEdit paintMask(cv::Mat& labels, cv::Rect rect, const cv::Mat& mask, std::uint8_t value,
                    const PaintOptions& options, std::string name) {
    assert(labels.type() == CV_8UC1 && mask.type() == CV_8UC1 && mask.size() == rect.size());
    const cv::Rect clipped = rect & cv::Rect(0, 0, labels.cols, labels.rows);
    if (clipped.empty())
        return LabelEdit{std::move(name), {}, {}, {}};
    const cv::Mat local = mask(clipped - rect.tl());
    cv::Mat region = labels(clipped);
    const cv::Mat before = region.clone();
    const auto table = changeTable(options);
    for (int y = 0; y < region.rows; ++y) {
        auto* row = region.ptr<std::uint8_t>(y);
        const auto* m = local.ptr<std::uint8_t>(y);
        for (int x = 0; x < region.cols; ++x) {
            if (m[x] && table[row[x]])
                row[x] = value;
        }
    }
    return localEdit(std::move(name), before, region, clipped.tl());
}

}  // namespace cicatrix::annotate
