// Thin-line centres (darkness centroids in linear light) across the baseline and across each
// 10 mm tick; a robust line through the baseline's; each tick's foot where its line meets it.
#include "ml/sticker_ruler.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

#include "linear_profile.hpp"
#include "ml/calibration_sticker.hpp"
#include "ml/marker_edges.hpp"
#include "ml/marker_plane.hpp"

namespace cicatrix::ml {

namespace {

constexpr double kMinPxPerMmAlong = 3.0;   // below, ticks 1 mm apart cannot be told apart
constexpr double kMinPxPerMmAcross = 1.5;  // below, the 1.7 mm where only 10 mm ticks reach is lost

// The centre of a thin dark line crossed by the profile from `a` to `b`: the centroid of the
// darkness below the paper's level, within `window` px of the darkest sample.
struct LineCentre {
    cv::Point2d point;
    double depth = 0;  // darkest sample below the paper, relative to the paper (0..1)
};
std::optional<LineCentre> lineCentre(const cv::Mat& gray, cv::Point2d a, cv::Point2d b,
                                     double window) {
    const double length = cv::norm(b - a);
    const std::vector<double> v = linearProfile(gray, a, b, 400);
    if (v.empty())
        return std::nullopt;
    const int m = static_cast<int>(v.size());
    const double ds = length / m;
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const double paper = sorted[sorted.size() * 3 / 4];
    const auto darkest = std::min_element(v.begin(), v.end()) - v.begin();
    const double depth = (paper - v[static_cast<std::size_t>(darkest)]) / std::max(paper, 1e-6);
    if (!(paper > 0.02) || depth < 0.06)
        return std::nullopt;
    const int half = std::max(2, static_cast<int>(std::lround(window / ds)));
    if (darkest - half < 0 || darkest + half >= m)
        return std::nullopt;  // the line is at the profile's end: not where the layout puts it
    double w = 0, ws = 0;
    for (long i = darkest - half; i <= darkest + half; ++i) {
        const double d = paper - v[static_cast<std::size_t>(i)];
        w += d;
        ws += d * (static_cast<double>(i) + 0.5) * ds;
    }
    if (!(w > 0))
        return std::nullopt;
    return LineCentre{a + (b - a) * (ws / w / length), depth};
}

double pxPerMmAt(const cv::Matx33d& h, cv::Point2d at, cv::Point2d along) {
    return cv::norm(applyHomography(h, at + along * 0.5) - applyHomography(h, at - along * 0.5));
}

}  // namespace

MlResult<RulerEvidence> findStickerRuler(const cv::Mat& gray, const cv::Matx33d& planeToImage,
                                         double markerMm) {
    if (gray.empty() || gray.type() != CV_8U || !(markerMm > 0))
        return mlFail(MlErrorCode::InvalidInput, "the ruler needs an 8-bit grey image");
    const StickerRuler r = stickerLayout(markerMm).ruler;
    const double y = r.baselineY, x0 = r.startX, x1 = r.startX + r.lengthMm;
    const cv::Point2d ex(1, 0), ey(0, 1);
    // Scale along the ruler and across it, at its ends (the far end may be smaller).
    double along = 1e300, across = 1e300;
    for (const double x : {x0, x1}) {
        along = std::min(along, pxPerMmAt(planeToImage, {x, y}, ex));
        across = std::min(across, pxPerMmAt(planeToImage, {x, y}, ey));
    }
    if (!(along >= kMinPxPerMmAlong && across >= kMinPxPerMmAcross))
        return mlFail(MlErrorCode::InvalidInput, "sticker ruler too small in the photo");
    const double scale = std::max(along, across);

    // Baseline: profiles across it halfway between millimetre ticks.
    std::vector<cv::Point2d> onBaseline;
    const double reach = 2.5;  // mm either side of where the marker says it is
    for (double x = x0 + 0.5; x < x1; x += 1.0) {
        const auto c = lineCentre(gray, applyHomography(planeToImage, {x, y - reach}),
                                  applyHomography(planeToImage, {x, y + reach}),
                                  0.4 * pxPerMmAt(planeToImage, {x, y}, ey));
        if (c)
            onBaseline.push_back(c->point);
    }
    const int expected = static_cast<int>(r.lengthMm);
    EdgeLine baseline;
    if (static_cast<int>(onBaseline.size()) < expected * 7 / 10 ||
        !fitEdgeLine(
            onBaseline,
            applyHomography(planeToImage, {x1, y}) - applyHomography(planeToImage, {x0, y}),
            baseline))
        return mlFail(MlErrorCode::InvalidInput, "no sticker ruler beside the marker");
    if (baseline.samples < expected * 6 / 10 ||
        baseline.residualRmsPx > std::max(0.6, 0.08 * scale))
        return mlFail(MlErrorCode::InvalidInput,
                      "sticker ruler not straight (sticker not flat, or something over it)");

    // 10 mm ticks: profiles across each above the 1 mm ticks' tops and within 0.9 mm of it (the
    // 5 mm ticks are 5 mm away), where no other line reaches; feet where their lines meet the
    // baseline.
    RulerEvidence out;
    // Where the baseline was found (a faulty sticker's ruler may be off its place): the ticks
    // are looked for above it.
    const double found = applyHomography(planeToImage.inv(), baseline.point).y;
    const double foot = found - r.tickGapMm;
    const double bandLow = foot - r.tick10Mm + 0.2, bandHigh = foot - r.tick1Mm - 0.3;
    for (double x = x0; x <= x1 + 1e-9; x += 10.0) {
        const double bandPx = (bandHigh - bandLow) * pxPerMmAt(planeToImage, {x, y}, ey);
        const int n = std::clamp(static_cast<int>(bandPx / 0.7), 3, 16);
        std::vector<cv::Point2d> centres;
        for (int i = 0; i < n; ++i) {
            const double yy = bandLow + (bandHigh - bandLow) * (i + 0.5) / n;
            if (const auto c = lineCentre(gray, applyHomography(planeToImage, {x - 0.9, yy}),
                                          applyHomography(planeToImage, {x + 0.9, yy}),
                                          0.4 * pxPerMmAt(planeToImage, {x, yy}, ex)))
                centres.push_back(c->point);
        }
        if (centres.size() < 3)
            continue;
        cv::Point2d mean(0, 0);
        for (const auto& c : centres) mean += c * (1.0 / static_cast<double>(centres.size()));
        cv::Point2d dir = applyHomography(planeToImage, {x, foot}) -
                          applyHomography(planeToImage, {x, foot - r.tick10Mm});
        dir *= 1.0 / cv::norm(dir);
        const cv::Point2d normal(-dir.y, dir.x);
        double ss = 0;
        for (const auto& c : centres) ss += std::pow((c - mean).dot(normal), 2);
        const double spread = std::sqrt(ss / static_cast<double>(centres.size() - 1));
        const double pxPerMm = pxPerMmAt(planeToImage, {x, y}, ex);
        if (spread > std::max(0.5, 0.1 * pxPerMm))
            continue;  // not a straight thin tick: something else is there
        EdgeLine tick{mean, dir, 0, 0, spread, static_cast<int>(centres.size())};
        cv::Point2d onBase;
        if (!intersectLines(baseline, tick, onBase))
            continue;
        out.planeMm.emplace_back(x, y);
        out.image.push_back(onBase);
    }
    const auto far = std::count_if(out.planeMm.begin(), out.planeMm.end(),
                                   [&](cv::Point2d p) { return p.x >= x1 - 10.0 - 1e-9; });
    if (out.planeMm.size() < 4 || far == 0)
        return mlFail(MlErrorCode::InvalidInput, "sticker ruler ticks could not be located");
    return out;
}

}  // namespace cicatrix::ml
