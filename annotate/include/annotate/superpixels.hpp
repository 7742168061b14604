// Superpixel paint: SLIC superpixels (OpenCV ximgproc) computed once per photo, then a click
// paints the whole superpixel under the pointer. compute() is thread-safe (run it as a job when a
// photo opens); paint() changes the map: main thread only.
#pragma once

#include <expected>
#include <opencv2/core/mat.hpp>
#include <vector>

#include "annotate/label_edit.hpp"
#include "annotate/paint.hpp"

namespace cicatrix::annotate {

class Superpixels {
  public:
    // SLICO on the photo in CIE Lab (BGR CV_8UC3 in). Photos over 1 megapixel are segmented
    // on a downscaled copy (about 1 megapixel); the label image is kept at full resolution.
    // regionSize (superpixel side in full-resolution pixels) 0 = adaptive, about 2500 superpixels
    // per photo.
    [[nodiscard]] static std::expected<Superpixels, ToolError> compute(const cv::Mat& photo,
                                                                       int regionSize = 0);

    // Paints the superpixel under `point` with options.classId (background when erase),
    // honouring the options; the edit covers that superpixel's bounding box at most.
    [[nodiscard]] LabelEdit paint(cv::Mat& labels, cv::Point point,
                                  const PaintOptions& options) const;

    [[nodiscard]] int count() const { return static_cast<int>(m_bounds.size()); }
    [[nodiscard]] cv::Size size() const { return m_ids.size(); }
    [[nodiscard]] const cv::Mat& ids() const { return m_ids; }  // CV_32SC1, full resolution
    [[nodiscard]] cv::Rect bounds(int id) const {
        return m_bounds.at(static_cast<std::size_t>(id));
    }
    // 255 on pixels whose right or lower neighbour is another superpixel, for an overlay.
    [[nodiscard]] cv::Mat boundaryMask() const;

  private:
    cv::Mat m_ids;
    std::vector<cv::Rect> m_bounds;  // bounding box of each superpixel
};

}  // namespace cicatrix::annotate
