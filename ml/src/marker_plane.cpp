// Joint plane fit: parameters = plane→image homography (h33 = 1) + (angle, x, y) per extra
// marker; residuals = corners' image positions; Levenberg–Marquardt with a numeric Jacobian.
#include "ml/marker_plane.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cicatrix::ml {

cv::Point2d applyHomography(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1.0);
    return {v[0] / v[2], v[1] / v[2]};
}

cv::Matx33d quadHomography(const Quad& from, const Quad& to) {
    std::vector<cv::Point2f> a, b;
    for (std::size_t k = 0; k < 4; ++k) {
        a.emplace_back(static_cast<float>(from[k].x), static_cast<float>(from[k].y));
        b.emplace_back(static_cast<float>(to[k].x), static_cast<float>(to[k].y));
    }
    cv::Matx33d h(cv::getPerspectiveTransform(a, b));
    return h * (1.0 / h(2, 2));
}

bool convexQuad(const Quad& q) {
    int sign = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const cv::Point2d a = q[i], b = q[(i + 1) % 4], c = q[(i + 2) % 4];
        const double z = (b - a).x * (c - b).y - (b - a).y * (c - b).x;
        const int s = z > 0 ? 1 : z < 0 ? -1 : 0;
        if (s == 0 || (sign != 0 && s != sign))
            return false;
        sign = s;
    }
    return true;
}

namespace {

Quad squareMm(double side) {
    return {{{0, 0}, {side, 0}, {side, side}, {0, side}}};
}

struct Model {
    const std::vector<Quad>* corners;
    std::vector<std::size_t> markers;  // reference first
    double side;

    // The plane positions of marker m (index into `markers`) under parameters p.
    [[nodiscard]] Quad placed(const std::vector<double>& p, std::size_t m) const {
        Quad q = squareMm(side);
        if (m == 0)
            return q;
        const double a = p[8 + 3 * (m - 1)], tx = p[9 + 3 * (m - 1)], ty = p[10 + 3 * (m - 1)];
        for (auto& c : q)
            c = {std::cos(a) * c.x - std::sin(a) * c.y + tx,
                 std::sin(a) * c.x + std::cos(a) * c.y + ty};
        return q;
    }
    [[nodiscard]] static cv::Matx33d homography(const std::vector<double>& p) {
        return {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], 1.0};
    }
    [[nodiscard]] std::vector<double> residuals(const std::vector<double>& p) const {
        const cv::Matx33d g = homography(p);
        std::vector<double> r;
        for (std::size_t m = 0; m < markers.size(); ++m) {
            const Quad plane = placed(p, m);
            const Quad& image = (*corners)[markers[m]];
            for (std::size_t k = 0; k < 4; ++k) {
                const cv::Point2d d = applyHomography(g, plane[k]) - image[k];
                r.push_back(d.x);
                r.push_back(d.y);
            }
        }
        return r;
    }
};

double sumSquares(const std::vector<double>& r) {
    double s = 0;
    for (double x : r) s += x * x;
    return s;
}

std::vector<double> initialParameters(const Model& model) {
    const Quad& ref = (*model.corners)[model.markers[0]];
    const cv::Matx33d g = quadHomography(squareMm(model.side), ref);
    std::vector<double> p(g.val, g.val + 8);
    const cv::Matx33d toPlane = g.inv();
    const Quad sq = squareMm(model.side);
    for (std::size_t m = 1; m < model.markers.size(); ++m) {
        // Rigid fit (Procrustes) of the square onto the marker's corners mapped to the plane.
        Quad q;
        for (std::size_t k = 0; k < 4; ++k)
            q[k] = applyHomography(toPlane, (*model.corners)[model.markers[m]][k]);
        cv::Point2d cs(0, 0), cq(0, 0);
        for (std::size_t k = 0; k < 4; ++k) {
            cs += sq[k] * 0.25;
            cq += q[k] * 0.25;
        }
        double dot = 0, cross = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const cv::Point2d a = sq[k] - cs, b = q[k] - cq;
            dot += a.x * b.x + a.y * b.y;
            cross += a.x * b.y - a.y * b.x;
        }
        const double angle = std::atan2(cross, dot);
        const cv::Point2d rc(std::cos(angle) * cs.x - std::sin(angle) * cs.y,
                             std::sin(angle) * cs.x + std::cos(angle) * cs.y);
        p.push_back(angle);
        p.push_back(cq.x - rc.x);
        p.push_back(cq.y - rc.y);
    }
    return p;
}

std::vector<double> levenbergMarquardt(const Model& model, std::vector<double> p) {
    const std::size_t n = p.size();
    std::vector<double> r = model.residuals(p);
    double cost = sumSquares(r), lambda = 1e-3;
    for (int iter = 0; iter < 50; ++iter) {
        cv::Mat jac(static_cast<int>(r.size()), static_cast<int>(n), CV_64F);
        for (std::size_t j = 0; j < n; ++j) {
            const double h = 1e-7 * std::max(1.0, std::abs(p[j]));
            std::vector<double> plus = p, minus = p;
            plus[j] += h;
            minus[j] -= h;
            const auto rp = model.residuals(plus), rm = model.residuals(minus);
            for (std::size_t i = 0; i < r.size(); ++i)
                jac.at<double>(static_cast<int>(i), static_cast<int>(j)) =
                    (rp[i] - rm[i]) / (2 * h);
        }
        const cv::Mat jtj = jac.t() * jac;
        const cv::Mat jtr = jac.t() * cv::Mat(r);
        bool improved = false;
        for (int tries = 0; tries < 10 && !improved; ++tries) {
            cv::Mat a = jtj.clone();
            for (int j = 0; j < a.rows; ++j) a.at<double>(j, j) *= 1.0 + lambda;
            cv::Mat step;
            if (!cv::solve(a, -jtr, step, cv::DECOMP_CHOLESKY) &&
                !cv::solve(a, -jtr, step, cv::DECOMP_SVD))
                break;
            std::vector<double> trial = p;
            for (std::size_t j = 0; j < n; ++j) trial[j] += step.at<double>(static_cast<int>(j));
            const auto rt = model.residuals(trial);
            const double c = sumSquares(rt);
            if (c < cost) {
                const bool converged = cost - c < 1e-12 * (1 + cost);
                p = std::move(trial);
                r = rt;
                cost = c;
                lambda = std::max(lambda * 0.3, 1e-9);
                improved = true;
                if (converged)
                    return p;
            } else {
                lambda *= 10;
            }
        }
        if (!improved)
            break;
    }
    return p;
}

}  // namespace

MlResult<MarkerPlane> fitMarkerPlane(const std::vector<Quad>& corners, std::size_t reference,
                                     double sideMm, double maxMarkerRmsPx) {
    if (corners.empty() || reference >= corners.size() || !(sideMm > 0))
        return mlFail(MlErrorCode::InvalidInput, "no marker to fit the plane to");
    Model model{&corners, {reference}, sideMm};
    for (std::size_t i = 0; i < corners.size(); ++i)
        if (i != reference)
            model.markers.push_back(i);
    // Fit; while some marker disagrees, leave out the one whose absence lets the others agree
    // best (a bad marker pulls the joint fit, so "the worst residual" can point at a good one).
    struct Fit {
        std::vector<double> p;
        double worstRms = 0, total = 0;
    };
    const auto fit = [](const Model& m) {
        Fit f{initialParameters(m)};
        if (m.markers.size() > 1)
            f.p = levenbergMarquardt(m, f.p);
        const auto r = m.residuals(f.p);
        for (std::size_t k = 0; k < m.markers.size(); ++k) {
            double s = 0;
            for (std::size_t i = 8 * k; i < 8 * k + 8; ++i) s += r[i] * r[i];
            f.total += s;
            f.worstRms = std::max(f.worstRms, std::sqrt(s / 4));
        }
        return f;
    };
    Fit current = fit(model);
    while (model.markers.size() > 1 && current.worstRms > maxMarkerRmsPx) {
        Model best = model;
        Fit bestFit{{}, 1e300, 1e300};
        for (std::size_t drop = 0; drop < model.markers.size(); ++drop) {
            Model without = model;  // dropping the reference makes the next marker the reference
            without.markers.erase(without.markers.begin() + static_cast<long>(drop));
            const Fit f = fit(without);
            if (f.total < bestFit.total) {
                best = without;
                bestFit = f;
            }
        }
        model = best;
        current = bestFit;
    }
    MarkerPlane out;
    const cv::Matx33d g = Model::homography(current.p);
    out.imageToPlaneMm = g.inv();
    out.imageToPlaneMm = out.imageToPlaneMm * (1.0 / out.imageToPlaneMm(2, 2));
    out.used = model.markers;
    for (std::size_t m = 0; m < model.markers.size(); ++m)
        out.planeCornersMm.push_back(model.placed(current.p, m));
    out.reprojectionRmsPx =
        std::sqrt(current.total / (4.0 * static_cast<double>(model.markers.size())));
    return out;
}

}  // namespace cicatrix::ml
