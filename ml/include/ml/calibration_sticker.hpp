// The printable calibration sticker: an ArUco 4x4_50 marker of an exact printed size, a 50 mm
// check ruler and printing instructions, rendered at a given resolution. Its layout is known
// exactly, so the calibration uses the ruler too (sticker_ruler.hpp): printed with the marker,
// it reaches 50 mm from it and widens the base the homography is fitted on. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include "ml/calibration.hpp"

namespace cicatrix::ml {

struct StickerSpec {
    int markerId = 0;
    double markerMm = kDefaultMarkerMm;
    int dpi = 600;
};

// The sticker's ruler in the marker's plane frame (mm; origin at the black square's top-left
// corner as the id is read, x along its top edge, y down): a straight baseline with ticks every
// millimetre above it (towards the marker), longer every 5 and 10 mm. The ticks stand clear of
// the baseline so that the calibration can find the baseline's centre without them.
struct StickerRuler {
    double baselineY = 0.0;  // the baseline's centre line
    double startX = 0.0;     // the 0 tick
    double lengthMm = 50.0;  // to the last tick
    double lineMm = 0.4;     // baseline thickness (bold enough for a small photo)
    double tickMm = 0.2;     // tick thickness
    double tick10Mm = 4.0;   // tick lengths, every 10, 5 and 1 mm
    double tick5Mm = 3.0;
    double tick1Mm = 1.8;
    double tickGapMm = 0.6;  // between the baseline's centre and the ticks' feet
};

struct StickerLayout {
    double widthMm = 0.0, heightMm = 0.0;  // the white sticker
    cv::Point2d markerAtMm;                // the black square's top-left corner on the sticker
    StickerRuler ruler;                    // in the marker's frame
};

[[nodiscard]] StickerLayout stickerLayout(double markerMm);

// A white BGR image ready to print at `dpi` (100 % scale); the second form draws it at another
// resolution (e.g. a synthetic scene's texture), its text still naming `spec.dpi`.
[[nodiscard]] cv::Mat renderCalibrationSticker(const StickerSpec& spec);
[[nodiscard]] cv::Mat renderCalibrationSticker(const StickerSpec& spec, double pxPerMm);

}  // namespace cicatrix::ml
