// 95 % intervals for a calibrated wound measurement (area, length, width). They cover what the
// measurement itself can get wrong: where the markers' edges are (each edge line's offset and
// angle uncertainty estimated from the image, plus a systematic term that grows with edge blur:
// an unknown camera tone curve shifts a blurred edge), carried through the plane fit to the
// wound — so the further the wound from the markers, the wider — and the outline's pixel
// quantisation. They do not cover whether the outline is the right one (that is the model's or
// the annotator's), nor a limb that is not flat. Monte Carlo over the edge lines with a fixed
// seed: the same photo gives the same interval. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>

#include "ml/calibration.hpp"
#include "ml/interval.hpp"
#include "ml/wound_measurement.hpp"

namespace cicatrix::ml {

struct MeasurementUncertainty {
    Interval areaMm2, lengthMm, widthMm;
    double areaRelativeHalfWidth = 0.0;  // (high − low) / 2 / area
    double markerDistanceSides = 0.0;    // wound centre to the nearest marker, in marker sides
};

// Systematic 1-sigma on the edges' offset, common to the photo, px: kEdgeBiasPx +
// kEdgeBiasPerBlur × edge blur. Set so that the 95 % interval holds the true area in about 95 %
// of the synthetic bedside scenes (tests/bench/calibration_bench: 0.10 per px of blur gave 95.7 %
// on a third of the grid, 0.05 gave 91.5 %).
inline constexpr double kEdgeBiasPx = 0.03;
inline constexpr double kEdgeBiasPerBlur = 0.10;

// Empty for a manual calibration or a calibration without marker evidence, and for an empty mask.
[[nodiscard]] std::optional<MeasurementUncertainty> measurementUncertainty(
    const cv::Mat& mask, const WoundGeometry& geometry, const PlaneCalibration& calibration,
    int draws = 400, std::uint64_t seed = 20261129);

}  // namespace cicatrix::ml
