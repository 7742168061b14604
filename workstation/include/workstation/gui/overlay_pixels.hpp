// The CPU side of an analysis overlay at the photo's full resolution: the tissue layer (RGBA, one
// colour per class of the stored tissue label map), the wound mask (0/255, drawn tinted) and the
// outline as polygons in image pixels (crisp at any zoom). Made on a worker; thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

#include "library/library.hpp"
#include "library/records.hpp"
#include "render/view_transform.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/decoded_photos.hpp"

namespace cicatrix::workstation {

using Outline = std::vector<std::vector<render::Vec2>>;  // closed polygons, image pixels

struct OverlayPixels {
    cv::Mat tissueRgba;  // CV_8UC4, transparent outside the wound
    cv::Mat woundMask;   // CV_8UC1, 0/255
    Outline outline;
    bool tissueRecomputed = false;  // no stored label map (older analysis): classified again
    // The measured length and width: stored with the analysis, or, for an older uncalibrated
    // analysis, measured again on its mask (the same figures). Absent for an older calibrated
    // one, whose perspective-corrected axes cannot be rebuilt.
    std::optional<ImageSegment> length, width;
};

// The photo's pixels are decoded (through `decoded`) only when the analysis has no stored
// tissue map.
[[nodiscard]] Result<OverlayPixels> makeOverlayPixels(const Library& library, const Photo& photo,
                                                      const Analysis& analysis,
                                                      DecodedPhotos& decoded);

// The outline of a 0/255 mask as polygons, simplified to within half a pixel.
[[nodiscard]] Outline maskOutline(const cv::Mat& mask);

}  // namespace cicatrix::workstation
