// The calibration sticker's ruler, found beside its marker. Printed with the marker at a known
// place (calibration_sticker.hpp), the ruler's 10 mm ticks reach 50 mm from the marker's corner,
// so their feet on the baseline are points of known position far from the marker: where the
// marker's plane puts them checks that plane where a 20 mm marker alone extrapolates (a sticker
// not flat, a bad print). Measured on synthetic photos, adding them to the plane fit did not make
// areas more accurate (the marker's edges already pin it where the ruler can be read), so they
// check rather than fit. Found in linear light through the
// marker's homography: the baseline from the centres of thin-line profiles across it between
// the millimetre ticks (a straight line: a bent or partly hidden sticker fails), each 10 mm tick
// from profiles across it where only the 10 mm ticks reach. Fails quietly on a bare marker (no
// ruler there). Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

#include "ml/ml_error.hpp"

namespace cicatrix::ml {

struct RulerEvidence {
    std::vector<cv::Point2d> planeMm;  // the 10 mm ticks' feet, in the marker's frame (mm)
    std::vector<cv::Point2d> image;    // where they are in the photo (px)
};

// `gray`: CV_8U sRGB luminance at full resolution; `planeToImage`: the marker's frame (mm,
// origin at its black square's top-left corner) → image, from the marker; `markerMm`: the black
// square's printed side. InvalidInput when there is no ruler where the sticker's layout puts
// it, or it is too small in the photo, cut off, bent or too faint to locate.
[[nodiscard]] MlResult<RulerEvidence> findStickerRuler(const cv::Mat& gray,
                                                       const cv::Matx33d& planeToImage,
                                                       double markerMm);

}  // namespace cicatrix::ml
