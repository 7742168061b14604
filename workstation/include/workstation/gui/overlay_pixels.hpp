// The CPU side of an analysis overlay: fill layers (per-tissue colours and one wound colour) and
// an outline layer as BGRA images at the photo's aspect, plus the length and width segments in
// image pixels. Thread-safe (pure apart from reading the stored mask).
#pragma once

#include <opencv2/core.hpp>

#include "library/library.hpp"
#include "library/records.hpp"
#include "render/view_transform.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

struct OverlayPixels {
    cv::Mat tissue, wound, outline;  // BGRA
    render::Vec2 lengthA, lengthB, widthA, widthB;
};

[[nodiscard]] Result<OverlayPixels> makeOverlayPixels(const Library& library, const cv::Mat& photo,
                                                      const Analysis& analysis);

}  // namespace cicatrix::workstation
