// Diagonal-Gaussian nearest class in CIELAB; fitting and leave-one-group-out evaluation.
#include "ml/tissue_composition.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace cicatrix::ml {

TissueColourModel defaultTissueModel() {
    // Fitted by fitTissueModel() on all 13 LUTSeg expert tissue masks (assets/demo/tissue_masks).
    TissueColourModel m;
    m.mean = {cv::Vec3d(138.6, 150.6, 137.1), cv::Vec3d(163.7, 155.0, 145.8),
              cv::Vec3d(114.0, 160.5, 139.8), cv::Vec3d(104.1, 151.6, 137.0)};
    m.spread = {cv::Vec3d(25.0, 6.5, 4.9), cv::Vec3d(31.9, 10.8, 7.1), cv::Vec3d(20.5, 6.7, 4.0),
                cv::Vec3d(29.3, 9.6, 4.3)};
    return m;
}

namespace {
cv::Mat smoothedLab(const cv::Mat& bgr) {
    cv::Mat blurred, lab;
    cv::blur(bgr, blurred, cv::Size(5, 5));
    cv::cvtColor(blurred, lab, cv::COLOR_BGR2Lab);
    return lab;
}
}  // namespace

TissueColourModel fitTissueModel(const std::vector<TissueSample>& samples) {
    std::array<cv::Vec3d, kTissueClasses> sum{}, sumSq{};
    std::array<double, kTissueClasses> n{};
    for (const auto& s : samples) {
        const cv::Mat lab = smoothedLab(s.bgr);
        for (int y = 0; y < lab.rows; ++y) {
            const auto* l = lab.ptr<cv::Vec3b>(y);
            const auto* c = s.labels.ptr<std::uint8_t>(y);
            for (int x = 0; x < lab.cols; ++x) {
                if (c[x] < 1 || c[x] > kTissueClasses)
                    continue;
                const auto k = static_cast<std::size_t>(c[x] - 1);
                const cv::Vec3d v(l[x][0], l[x][1], l[x][2]);
                sum[k] += v;
                sumSq[k] += v.mul(v);
                n[k] += 1;
            }
        }
    }
    TissueColourModel m =
        defaultTissueModel();  // classes absent from the samples keep the defaults
    for (std::size_t k = 0; k < kTissueClasses; ++k) {
        if (n[k] < 100)
            continue;
        m.mean[k] = sum[k] / n[k];
        const cv::Vec3d var = sumSq[k] / n[k] - m.mean[k].mul(m.mean[k]);
        for (int c = 0; c < 3; ++c) m.spread[k][c] = std::sqrt(std::max(var[c], 1.0));
    }
    return m;
}

cv::Mat classifyTissue(const cv::Mat& fullBgr, const cv::Mat& fullMask,
                       const TissueColourModel& model) {
    cv::Mat out(fullBgr.size(), CV_8U, cv::Scalar(0));
    const cv::Rect box = cv::boundingRect(fullMask);
    if (box.empty())
        return out;
    // Work on the wound's bounding box (plus the smoothing margin) only.
    const cv::Rect roi =
        (box + cv::Size(4, 4) - cv::Point(2, 2)) & cv::Rect(0, 0, fullBgr.cols, fullBgr.rows);
    const cv::Mat bgr = fullBgr(roi), woundMask = fullMask(roi);
    const cv::Mat lab = smoothedLab(bgr);
    cv::Mat outRoi = out(roi);
    std::array<double, kTissueClasses> logNorm{};
    for (std::size_t k = 0; k < kTissueClasses; ++k) {
        logNorm[k] = std::log(model.spread[k][0] * model.spread[k][1] * model.spread[k][2]);
    }
    for (int y = 0; y < lab.rows; ++y) {
        const auto* l = lab.ptr<cv::Vec3b>(y);
        const auto* m = woundMask.ptr<std::uint8_t>(y);
        auto* o = outRoi.ptr<std::uint8_t>(y);
        for (int x = 0; x < lab.cols; ++x) {
            if (m[x] == 0)
                continue;
            double best = std::numeric_limits<double>::max();
            int bestK = 0;
            for (std::size_t k = 0; k < kTissueClasses; ++k) {
                double d = logNorm[k];
                for (int c = 0; c < 3; ++c) {
                    const double z = (l[x][c] - model.mean[k][c]) / model.spread[k][c];
                    d += 0.5 * z * z;
                }
                if (d < best) {
                    best = d;
                    bestK = static_cast<int>(k);
                }
            }
            o[x] = static_cast<std::uint8_t>(bestK + 1);
        }
    }
    return out;
}

TissueComposition tissueComposition(const cv::Mat& labels) {
    TissueComposition t;
    std::array<double, kTissueClasses> counts{};
    for (int y = 0; y < labels.rows; ++y) {
        const auto* p = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) {
            if (p[x] >= 1 && p[x] <= kTissueClasses)
                counts[static_cast<std::size_t>(p[x] - 1)] += 1;
        }
    }
    for (double c : counts) t.pixels += c;
    for (std::size_t k = 0; k < kTissueClasses; ++k)
        t.percent[k] = t.pixels > 0 ? 100.0 * counts[k] / t.pixels : 0.0;
    return t;
}

TissueEvaluation tissueLeaveOneGroupOut(const std::vector<TissueSample>& samples) {
    TissueEvaluation e;
    std::set<std::string> groups;
    for (const auto& s : samples) groups.insert(s.group);
    for (const auto& g : groups) {
        std::vector<TissueSample> train;
        for (const auto& s : samples) {
            if (s.group != g)
                train.push_back(s);
        }
        const TissueColourModel model = fitTissueModel(train);
        for (const auto& s : samples) {
            if (s.group != g)
                continue;
            const cv::Mat wound = s.woundMask.empty()
                                      ? cv::Mat((s.labels >= 1) & (s.labels <= kTissueClasses))
                                      : cv::Mat(s.woundMask > 0);
            const TissueComposition truth = tissueComposition(s.labels);
            const TissueComposition predicted =
                tissueComposition(classifyTissue(s.bgr, wound, model));
            for (std::size_t k = 0; k < kTissueClasses; ++k) {
                e.meanAbsErrorPoints[k] += std::abs(truth.percent[k] - predicted.percent[k]);
            }
            ++e.images;
        }
    }
    for (double& v : e.meanAbsErrorPoints) v /= std::max(1, e.images);
    return e;
}

double periwoundRedness(const cv::Mat& bgr, const cv::Mat& woundMask) {
    const cv::Mat wound = woundMask > 0;
    const double area = cv::countNonZero(wound);
    if (area == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const int ring = std::max(5, static_cast<int>(0.25 * std::sqrt(area / CV_PI)));
    const cv::Rect roi = (cv::boundingRect(wound) + cv::Size(2 * ring + 2, 2 * ring + 2) -
                          cv::Point(ring + 1, ring + 1)) &
                         cv::Rect(0, 0, bgr.cols, bgr.rows);
    // Ring = pixels outside the wound within `ring` px of it (a distance transform, linear in the
    // image size, instead of a dilation whose kernel grows with the wound).
    cv::Mat distance;
    cv::distanceTransform(~wound(roi), distance, cv::DIST_L2, 3);
    const cv::Mat ringMask = (distance > 0) & (distance <= ring);
    if (cv::countNonZero(ringMask) == 0)
        return std::numeric_limits<double>::quiet_NaN();
    cv::Mat lab;
    cv::cvtColor(bgr(roi), lab, cv::COLOR_BGR2Lab);
    return cv::mean(lab, ringMask)[1] - 128.0;
}

}  // namespace cicatrix::ml
