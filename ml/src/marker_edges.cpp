// Edge profiles through the marker's homography, first-moment crossings, robust total least
// squares lines, intersections.
#include "ml/marker_edges.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "linear_profile.hpp"
#include "ml/marker_plane.hpp"

namespace cicatrix::ml {

namespace {

constexpr double kReach = 0.7;        // profile half-length, in modules (inside and outside)
constexpr double kEdgeMargin = 0.12;  // part of each edge left out near its corners

const std::array<float, 256>& srgbToLinear() {
    static const std::array<float, 256> lut = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const double c = i / 255.0;
            t[static_cast<std::size_t>(i)] =
                static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
        }
        return t;
    }();
    return lut;
}

// A bilinear sample of the sRGB-encoded `gray` in linear light (false outside the image).
bool sampleLinearLight(const cv::Mat& gray, cv::Point2d p, double& value) {
    const auto& lut = srgbToLinear();
    const int x0 = static_cast<int>(std::floor(p.x)), y0 = static_cast<int>(std::floor(p.y));
    if (x0 < 0 || y0 < 0 || x0 + 1 >= gray.cols || y0 + 1 >= gray.rows)
        return false;
    const double fx = p.x - x0, fy = p.y - y0;
    const auto* r0 = gray.ptr<std::uint8_t>(y0);
    const auto* r1 = gray.ptr<std::uint8_t>(y0 + 1);
    const double top = lut[r0[x0]] * (1 - fx) + lut[r0[x0 + 1]] * fx;
    const double bottom = lut[r1[x0]] * (1 - fx) + lut[r1[x0 + 1]] * fx;
    value = top * (1 - fy) + bottom * fy;
    return true;
}

}  // namespace

std::vector<double> linearProfile(const cv::Mat& gray, cv::Point2d a, cv::Point2d b,
                                  int maxSamples) {
    const int m = std::clamp(static_cast<int>(std::ceil(cv::norm(b - a) / 0.25)), 12, maxSamples);
    std::vector<double> v(static_cast<std::size_t>(m));
    for (int i = 0; i < m; ++i) {
        if (!sampleLinearLight(gray, a + (b - a) * ((i + 0.5) / m), v[static_cast<std::size_t>(i)]))
            return {};
    }
    return v;
}

namespace {

struct Crossing {
    cv::Point2d point;
    double contrast = 0, noise = 0, spread = 0;
};

// One profile from `a` (inside the black square) to `b` (outside, in the quiet zone).
bool crossEdge(const cv::Mat& gray, cv::Point2d a, cv::Point2d b, Crossing& out) {
    const double length = cv::norm(b - a);
    const std::vector<double> v = linearProfile(gray, a, b, 160);
    if (v.empty())
        return false;
    const int m = static_cast<int>(v.size());
    const double ds = length / m;
    const int k = std::max(2, m * 15 / 100);
    double dark = 0, bright = 0;
    for (int i = 0; i < k; ++i) {
        dark += v[static_cast<std::size_t>(i)];
        bright += v[static_cast<std::size_t>(m - 1 - i)];
    }
    dark /= k;
    bright /= k;
    const double contrast = bright - dark;
    if (contrast < 0.01)
        return false;
    double sum = 0, var = 0;
    for (int i = 0; i < k; ++i) {
        var += std::pow(v[static_cast<std::size_t>(i)] - dark, 2) +
               std::pow(v[static_cast<std::size_t>(m - 1 - i)] - bright, 2);
    }
    for (double x : v) sum += (x - dark) / contrast;
    const double e = length - ds * sum;  // first moment: where the ideal step would be
    if (!(e > 0.1 * length && e < 0.9 * length))
        return false;
    // Spread: second moment of the profile's derivative about the crossing.
    double w = 0, s2 = 0;
    for (int i = 0; i + 1 < m; ++i) {
        const double d =
            (v[static_cast<std::size_t>(i + 1)] - v[static_cast<std::size_t>(i)]) / contrast;
        const double s = (i + 1) * ds - e;
        w += d;
        s2 += d * s * s;
    }
    out.point = a + (b - a) * (e / length);
    out.contrast = contrast;
    out.noise = std::sqrt(var / (2.0 * k));
    out.spread = w > 0.5 ? std::sqrt(std::max(0.0, s2 / w)) : length;
    return true;
}

}  // namespace

bool fitEdgeLine(std::vector<cv::Point2d> pts, cv::Point2d along, EdgeLine& line) {
    for (int pass = 0; pass < 2; ++pass) {
        if (pts.size() < 6)
            return false;
        cv::Point2d mean(0, 0);
        for (const auto& p : pts) mean += p;
        mean *= 1.0 / static_cast<double>(pts.size());
        double sxx = 0, sxy = 0, syy = 0;
        for (const auto& p : pts) {
            const cv::Point2d d = p - mean;
            sxx += d.x * d.x;
            sxy += d.x * d.y;
            syy += d.y * d.y;
        }
        const double angle = 0.5 * std::atan2(2 * sxy, sxx - syy);
        cv::Point2d dir(std::cos(angle), std::sin(angle));
        if (dir.dot(along) < 0)
            dir = -dir;
        const cv::Point2d normal(-dir.y, dir.x);
        std::vector<double> r, t;
        for (const auto& p : pts) {
            r.push_back((p - mean).dot(normal));
            t.push_back((p - mean).dot(dir));
        }
        double ss = 0, tt = 0;
        for (std::size_t i = 0; i < r.size(); ++i) {
            ss += r[i] * r[i];
            tt += t[i] * t[i];
        }
        const double rms = std::sqrt(ss / std::max<double>(1.0, static_cast<double>(r.size()) - 2));
        line = {mean,
                dir,
                rms / std::sqrt(static_cast<double>(r.size())),
                rms / std::sqrt(std::max(tt, 1e-9)),
                rms,
                static_cast<int>(r.size())};
        if (pass == 1)
            break;
        std::vector<double> absr(r.size());
        std::transform(r.begin(), r.end(), absr.begin(), [](double x) { return std::abs(x); });
        std::nth_element(absr.begin(), absr.begin() + static_cast<long>(absr.size() / 2),
                         absr.end());
        const double limit = std::max(3.0 * 1.4826 * absr[absr.size() / 2], 0.05);
        std::vector<cv::Point2d> kept;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            if (std::abs(r[i]) <= limit)
                kept.push_back(pts[i]);
        }
        pts = std::move(kept);
    }
    return true;
}

bool intersectLines(const EdgeLine& a, const EdgeLine& b, cv::Point2d& at) {
    const double den = a.direction.x * b.direction.y - a.direction.y * b.direction.x;
    if (std::abs(den) < 1e-6)
        return false;
    const cv::Point2d d = b.point - a.point;
    const double s = (d.x * b.direction.y - d.y * b.direction.x) / den;
    at = a.point + a.direction * s;
    return true;
}

namespace {

double median(std::vector<double> v) {
    if (v.empty())
        return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

std::array<cv::Point2d, 4> cornersOfEdges(const std::array<EdgeLine, 4>& edges) {
    std::array<cv::Point2d, 4> corners{};
    for (std::size_t k = 0; k < 4; ++k) {
        if (!intersectLines(edges[(k + 3) % 4], edges[k], corners[k]))
            corners[k] = edges[k].point;
    }
    return corners;
}

MlResult<MarkerEdges> fitMarkerEdges(const cv::Mat& gray, const std::array<cv::Point2d, 4>& initial,
                                     int cells) {
    if (gray.empty() || gray.type() != CV_8U || cells < 3)
        return mlFail(MlErrorCode::InvalidInput, "marker edges need an 8-bit grey image");
    const double c = cells;
    const std::array<cv::Point2d, 4> square{{{0, 0}, {c, 0}, {c, c}, {0, c}}};
    double perimeter = 0;
    for (std::size_t k = 0; k < 4; ++k) perimeter += cv::norm(initial[(k + 1) % 4] - initial[k]);
    const double modulePx = perimeter / 4.0 / c;
    if (!convexQuad(initial) || modulePx < 1.5)
        return mlFail(MlErrorCode::InvalidInput, "marker too small or not a quadrilateral");

    MarkerEdges out;
    std::array<cv::Point2d, 4> corners = initial;
    std::vector<double> contrasts, noises, spreads, edgeBlur(4, 0.0);
    for (int pass = 0; pass < 2; ++pass) {
        const cv::Matx33d h = quadHomography(square, corners);
        contrasts.clear();
        noises.clear();
        spreads.clear();
        for (std::size_t k = 0; k < 4; ++k) {
            const cv::Point2d p0 = square[k], p1 = square[(k + 1) % 4];
            const cv::Point2d dir = (p1 - p0) * (1.0 / c);
            const cv::Point2d outward(dir.y, -dir.x);
            const double edgePx = cv::norm(corners[(k + 1) % 4] - corners[k]);
            const int n = std::clamp(static_cast<int>(edgePx * (1 - 2 * kEdgeMargin)), 8, 120);
            std::vector<cv::Point2d> crossings;
            for (int i = 0; i < n; ++i) {
                const double t = kEdgeMargin + (1 - 2 * kEdgeMargin) * (i + 0.5) / n;
                const cv::Point2d on = p0 + (p1 - p0) * t;
                Crossing x;
                if (crossEdge(gray, applyHomography(h, on - outward * kReach),
                              applyHomography(h, on + outward * kReach), x)) {
                    crossings.push_back(x.point);
                    contrasts.push_back(x.contrast);
                    noises.push_back(x.noise);
                    spreads.push_back(x.spread);
                }
            }
            edgeBlur[k] = median(std::vector<double>(
                spreads.end() - static_cast<long>(crossings.size()), spreads.end()));
            if (!fitEdgeLine(crossings, corners[(k + 1) % 4] - corners[k], out.edges[k]))
                return mlFail(MlErrorCode::InvalidInput,
                              "a marker edge could not be traced (covered, cut off or too faint)");
            if (out.edges[k].residualRmsPx > std::max(0.5, 0.15 * modulePx))
                return mlFail(MlErrorCode::InvalidInput,
                              "a marker edge is not straight (bent sticker or something over it)");
        }
        corners = cornersOfEdges(out.edges);
    }
    for (std::size_t k = 0; k < 4; ++k) {
        if (cv::norm(corners[k] - initial[k]) > 0.5 * modulePx)
            return mlFail(MlErrorCode::InvalidInput,
                          "marker corners are inconsistent with its edges");
    }
    if (!convexQuad(corners))
        return mlFail(MlErrorCode::InvalidInput, "marker outline is not convex");
    out.corners = corners;
    out.contrast = median(contrasts);
    out.noise = median(noises);
    // Motion blurs the edges across its direction only: the blurriest edge tells.
    out.edgeBlurPx = *std::max_element(edgeBlur.begin(), edgeBlur.end());
    // Neighbouring crossings share blurred pixels: their errors are correlated over about two
    // blur sigmas along the edge, so fewer of them are independent than were measured.
    for (std::size_t k = 0; k < 4; ++k) {
        EdgeLine& e = out.edges[k];
        const double spacing = cv::norm(corners[(k + 1) % 4] - corners[k]) * (1 - 2 * kEdgeMargin) /
                               std::max(e.samples, 1);
        const double inflate =
            std::sqrt(std::max(1.0, 2.0 * out.edgeBlurPx / std::max(spacing, 1e-6)));
        e.offsetSigmaPx *= inflate;
        e.angleSigma *= inflate;
    }
    return out;
}

}  // namespace cicatrix::ml
