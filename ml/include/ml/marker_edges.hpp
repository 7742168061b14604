// Sub-pixel geometry of a square marker from its four outer edges, with the uncertainty the
// image itself shows. Each edge is sampled by short intensity profiles across it (drawn through
// the marker's current homography, so they stay perpendicular on the marker's plane however
// oblique the view), in linear light (sRGB decoded); the edge crossing of each profile is its
// first moment (unbiased for any centred blur, motion blur included, and it averages noise);
// a straight line is fitted through each edge's crossings (perspective keeps edges straight) and
// the corners are the lines' intersections. Two passes: the second draws its profiles through
// the first pass's corners. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <vector>

#include "ml/ml_error.hpp"

namespace cicatrix::ml {

// A fitted edge line: through `point` along unit `direction`; the 1-sigma uncertainties of its
// offset (px, perpendicular) and angle (radians) come from the crossings' scatter about it.
struct EdgeLine {
    cv::Point2d point;
    cv::Point2d direction;
    double offsetSigmaPx = 0.0;
    double angleSigma = 0.0;
    double residualRmsPx = 0.0;
    int samples = 0;
};

struct MarkerEdges {
    std::array<cv::Point2d, 4>
        corners;                    // same order as the detector's (clockwise from id's top-left)
    std::array<EdgeLine, 4> edges;  // edge k runs from corner k to corner k + 1
    double edgeBlurPx = 0.0;        // spread (sigma) of the blurriest edge's profiles (median), px
    double contrast = 0.0;          // linear-light white minus black across the edges (0..1)
    double noise = 0.0;             // linear-light noise sigma measured on the profiles' flat ends
};

// `gray`: CV_8U, sRGB-encoded luminance of the whole photo at full resolution. `initial`: the
// detector's corners (a pixel or two off is fine). `cells`: modules across the marker's black
// square, border included (6 for a 4x4 ArUco marker), which sets how far the profiles reach
// (0.7 module each side of the edge, inside the black border and its quiet zone).
// Fails (InvalidInput) when an edge cannot be fitted or the result is not a plausible square
// seen in perspective: too few crossings, a bent or occluded edge, corners that moved more
// than half a module, a non-convex quadrilateral.
[[nodiscard]] MlResult<MarkerEdges> fitMarkerEdges(const cv::Mat& gray,
                                                   const std::array<cv::Point2d, 4>& initial,
                                                   int cells = 6);

// Shared with the sticker's ruler: a robust total-least-squares line through points (twice, the
// second time without those beyond 3 robust sigmas; false below 6 points), oriented along `along`,
// with its offset and angle sigmas from the scatter; where two lines meet (false when parallel).
[[nodiscard]] bool fitEdgeLine(std::vector<cv::Point2d> points, cv::Point2d along, EdgeLine& line);
[[nodiscard]] bool intersectLines(const EdgeLine& a, const EdgeLine& b, cv::Point2d& at);

// Corners where consecutive edge lines meet (corner k = edge k-1 ∩ edge k).
[[nodiscard]] std::array<cv::Point2d, 4> cornersOfEdges(const std::array<EdgeLine, 4>& edges);

}  // namespace cicatrix::ml
