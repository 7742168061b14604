// Superpixels: SLICO on a (possibly downscaled) Lab copy of the photo, labels upscaled to full
// resolution with nearest neighbour, bounding boxes kept so a paint touches one superpixel only.
// compute() thread-safe; paint() main thread only.
#include "annotate/superpixels.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/slic.hpp>

namespace cicatrix::annotate {

namespace {
constexpr double kMaxSlicPixels = 1.0e6;  // OpenCV SLIC: ~0.2-0.6 s per iteration per MP
constexpr int kSlicIterations = 5;
constexpr double kTargetSuperpixels = 2500.0;
constexpr int kMinRegionSize = 8;
}  // namespace

std::expected<Superpixels, ToolError> Superpixels::compute(const cv::Mat& photo, int regionSize) {
    if (photo.empty() || photo.type() != CV_8UC3)
        return std::unexpected(ToolError{"superpixels need a BGR 8-bit photo"});
    const double area = static_cast<double>(photo.total());
    const double scale = std::min(1.0, std::sqrt(kMaxSlicPixels / area));
    const double fullSize = regionSize > 0 ? regionSize : std::sqrt(area / kTargetSuperpixels);
    const int size = std::max(kMinRegionSize, static_cast<int>(std::lround(fullSize * scale)));
    Superpixels out;
    try {
        cv::Mat small = photo;
        if (scale < 1.0)
            cv::resize(photo, small, cv::Size(), scale, scale, cv::INTER_AREA);
        cv::Mat lab;
        cv::GaussianBlur(small, lab, cv::Size(3, 3), 0);
        cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
        auto slic = cv::ximgproc::createSuperpixelSLIC(lab, cv::ximgproc::SLICO, size);
        slic->iterate(kSlicIterations);
        slic->enforceLabelConnectivity(25);
        cv::Mat ids;
        slic->getLabels(ids);
        if (scale < 1.0)
            cv::resize(ids, out.m_ids, photo.size(), 0, 0, cv::INTER_NEAREST);
        else
            out.m_ids = ids;
        out.m_bounds.assign(static_cast<std::size_t>(slic->getNumberOfSuperpixels()), cv::Rect());
    } catch (const cv::Exception& e) {
        return std::unexpected(ToolError{std::string("superpixels failed: ") + e.what()});
    }
    // Bounding boxes in one pass over the ids (row spans, so a box grows per run, not per pixel).
    std::vector<int> x0(out.m_bounds.size(), out.m_ids.cols), x1(out.m_bounds.size(), -1);
    std::vector<int> y0(out.m_bounds.size(), out.m_ids.rows), y1(out.m_bounds.size(), -1);
    for (int y = 0; y < out.m_ids.rows; ++y) {
        const int* row = out.m_ids.ptr<int>(y);
        for (int x = 0; x < out.m_ids.cols;) {
            const int id = row[x];
            int end = x + 1;
            while (end < out.m_ids.cols && row[end] == id) ++end;
            if (id >= 0 && static_cast<std::size_t>(id) >= out.m_bounds.size()) {
                const auto n = static_cast<std::size_t>(id) + 1;
                out.m_bounds.resize(n);
                x0.resize(n, out.m_ids.cols), x1.resize(n, -1);
                y0.resize(n, out.m_ids.rows), y1.resize(n, -1);
            }
            if (id >= 0) {
                const auto i = static_cast<std::size_t>(id);
                x0[i] = std::min(x0[i], x);
                x1[i] = std::max(x1[i], end - 1);
                y0[i] = std::min(y0[i], y);
                y1[i] = std::max(y1[i], y);
            }
            x = end;
        }
    }
    for (std::size_t i = 0; i < out.m_bounds.size(); ++i) {
        if (x1[i] >= 0)
            out.m_bounds[i] = cv::Rect(x0[i], y0[i], x1[i] - x0[i] + 1, y1[i] - y0[i] + 1);
    }
    return out;
}

LabelEdit Superpixels::paint(cv::Mat& labels, cv::Point point, const PaintOptions& options) const {
    LabelEdit none{"Superpixel", {}, {}, {}};
    if (labels.size() != m_ids.size() || !cv::Rect(0, 0, m_ids.cols, m_ids.rows).contains(point))
        return none;
    const int id = m_ids.at<int>(point);
    if (id < 0 || static_cast<std::size_t>(id) >= m_bounds.size())
        return none;
    const cv::Rect box = m_bounds[static_cast<std::size_t>(id)];
    cv::Mat mask;
    cv::compare(m_ids(box), id, mask, cv::CMP_EQ);
    return paintMask(labels, box, mask, paintValue(options), options, std::move(none.name));
}

cv::Mat Superpixels::boundaryMask() const {
    cv::Mat mask = cv::Mat::zeros(m_ids.size(), CV_8UC1);
    for (int y = 0; y < m_ids.rows; ++y) {
        const int* row = m_ids.ptr<int>(y);
        const int* below = y + 1 < m_ids.rows ? m_ids.ptr<int>(y + 1) : nullptr;
        auto* out = mask.ptr<std::uint8_t>(y);
        for (int x = 0; x < m_ids.cols; ++x) {
            if ((x + 1 < m_ids.cols && row[x + 1] != row[x]) || (below && below[x] != row[x]))
                out[x] = 255;
        }
    }
    return mask;
}

}  // namespace cicatrix::annotate
