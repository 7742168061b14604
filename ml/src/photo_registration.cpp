// Photo registration (OpenCV features2d, calib3d, video): work on grey copies of at most
// kWorkSide px, find a homography (markers, ORB + RANSAC, or ECC alone), refine it with ECC and
// scale it back to full resolution. Pure functions; thread-safe.
#include "ml/photo_registration.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace cicatrix::ml {

namespace {

constexpr double kWorkSide = 1000.0;  // long side of the copies that registration works on
constexpr double kMaxScaleChange = 4.0;
constexpr int kMinInliers = 20;
constexpr double kMinInlierRatio = 0.25;
constexpr double kEccOnlyFloor = 0.8;  // ECC from an unverified start must agree this well
constexpr double kRansacThresholdPx = 3.0;

struct Working {
    cv::Mat grey;      // CV_8U at working size
    double scale = 1;  // working px per full px
};

Working toWorking(const cv::Mat& image) {
    cv::Mat grey;
    if (image.channels() == 3) {
        cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    } else if (image.channels() == 4) {
        cv::cvtColor(image, grey, cv::COLOR_BGRA2GRAY);
    } else {
        grey = image;
    }
    if (grey.depth() != CV_8U)
        grey.convertTo(grey, CV_8U);
    Working w;
    w.scale = std::min(1.0, kWorkSide / std::max(grey.cols, grey.rows));
    if (w.scale < 1.0) {
        cv::resize(grey, w.grey, cv::Size(), w.scale, w.scale, cv::INTER_AREA);
    } else {
        w.grey = grey;
    }
    return w;
}

cv::Matx33d scaling(double s) {
    return {s, 0, 0, 0, s, 0, 0, 0, 1};
}

cv::Matx33d normalised(const cv::Matx33d& h) {
    return std::abs(h(2, 2)) > 1e-12 ? h * (1.0 / h(2, 2)) : h;
}

cv::Point2d apply(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1.0);
    return {v[0] / v[2], v[1] / v[2]};
}

std::vector<cv::Point2d> corners(cv::Size size) {
    const double w = size.width, h = size.height;
    return {{0, 0}, {w, 0}, {w, h}, {0, h}};
}

// Empty when `h` (later -> earlier, any resolution) is plausible; else why not.
std::string implausible(const cv::Matx33d& hIn, cv::Size laterSize) {
    const cv::Matx33d h = normalised(hIn);
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            if (!std::isfinite(h(r, c)))
                return "the homography is not finite";
        }
    }
    const double det2 = h(0, 0) * h(1, 1) - h(0, 1) * h(1, 0);
    if (det2 <= 0.0)
        return "the alignment would mirror the photo";
    std::vector<cv::Point2f> quad;
    for (const cv::Point2d p : corners(laterSize)) {
        const double w = h(2, 0) * p.x + h(2, 1) * p.y + h(2, 2);
        if (w <= 1e-6)
            return "the alignment folds the photo through the horizon";
        const cv::Point2d q = apply(h, p);
        quad.emplace_back(static_cast<float>(q.x), static_cast<float>(q.y));
    }
    if (!cv::isContourConvex(quad))
        return "the aligned photo is not convex";
    const double area = std::abs(cv::contourArea(quad));
    const double original = static_cast<double>(laterSize.area());
    const double scale = std::sqrt(area / original);
    if (scale > kMaxScaleChange || scale < 1.0 / kMaxScaleChange)
        return "the scale change is beyond 4x";
    return {};
}

struct FeatureFit {
    cv::Matx33d h;  // moving working px -> fixed working px
    int inliers = 0;
    double inlierRatio = 0;
    std::vector<cv::Point2d> movingInliers, fixedInliers;
};

// ORB + ratio test + RANSAC homography from `moving` onto `fixed` (working images).
std::optional<FeatureFit> featureHomography(const cv::Mat& fixed, const cv::Mat& moving,
                                            const cv::Mat& movingMask = {}) {
    cv::Ptr<cv::ORB> orb = cv::ORB::create(4000, 1.2f, 8, 31, 0, 2, cv::ORB::HARRIS_SCORE, 31, 10);
    std::vector<cv::KeyPoint> kf, km;
    cv::Mat df, dm;
    orb->detectAndCompute(fixed, cv::noArray(), kf, df);
    orb->detectAndCompute(moving, movingMask, km, dm);  // an empty mask masks nothing
    if (kf.size() < 8 || km.size() < 8)
        return std::nullopt;
    cv::BFMatcher matcher(cv::NORM_HAMMING);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(dm, df, knn, 2);
    std::vector<cv::Point2f> from, to;
    for (const auto& m : knn) {
        if (m.size() == 2 && m[0].distance < 0.8f * m[1].distance) {
            from.push_back(km[static_cast<std::size_t>(m[0].queryIdx)].pt);
            to.push_back(kf[static_cast<std::size_t>(m[0].trainIdx)].pt);
        }
    }
    if (from.size() < static_cast<std::size_t>(kMinInliers))
        return std::nullopt;
    cv::Mat mask;
    const cv::Mat h =
        cv::findHomography(from, to, cv::RANSAC, kRansacThresholdPx, mask, 5000, 0.999);
    if (h.empty())
        return std::nullopt;
    FeatureFit fit;
    fit.h = cv::Matx33d(h);
    for (int i = 0; i < mask.rows; ++i) {
        if (mask.at<uchar>(i) != 0) {
            fit.movingInliers.emplace_back(from[static_cast<std::size_t>(i)]);
            fit.fixedInliers.emplace_back(to[static_cast<std::size_t>(i)]);
        }
    }
    fit.inliers = static_cast<int>(fit.movingInliers.size());
    fit.inlierRatio = static_cast<double>(fit.inliers) / static_cast<double>(from.size());
    if (fit.inliers < kMinInliers || fit.inlierRatio < kMinInlierRatio)
        return std::nullopt;
    return fit;
}

struct EccFit {
    cv::Matx33d h;  // later working px -> earlier working px
    double correlation = 0;
};

// Later-image pixels that agree with the earlier photo under `h` (standardised grey within
// kAgreementSigma of each other): ECC is least squares, so a sticker moved elsewhere, a dressing
// or a changed background must not pull it off the features' fit.
cv::Mat agreementMask(const cv::Mat& earlier, const cv::Mat& later, const cv::Matx33d& h) {
    constexpr double kAgreementSigma = 0.75;
    cv::Mat back, inside;
    cv::warpPerspective(earlier, back, h, later.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
    cv::warpPerspective(cv::Mat(earlier.size(), CV_8U, cv::Scalar(255)), inside, h, later.size(),
                        cv::INTER_NEAREST | cv::WARP_INVERSE_MAP);
    cv::erode(inside, inside, cv::Mat(), cv::Point(-1, -1), 3);
    cv::Mat a, b;
    cv::GaussianBlur(back, a, cv::Size(7, 7), 0);
    cv::GaussianBlur(later, b, cv::Size(7, 7), 0);
    a.convertTo(a, CV_32F);
    b.convertTo(b, CV_32F);
    cv::Scalar meanA, sdA, meanB, sdB;
    cv::meanStdDev(a, meanA, sdA, inside);
    cv::meanStdDev(b, meanB, sdB, inside);
    if (sdA[0] < 1e-3 || sdB[0] < 1e-3)
        return inside;
    cv::Mat diff = cv::abs((a - meanA[0]) / sdA[0] - (b - meanB[0]) / sdB[0]);
    cv::Mat agree = diff < kAgreementSigma;
    cv::erode(agree, agree, cv::Mat(), cv::Point(-1, -1), 2);
    return agree & inside;
}

// Correlation coefficient (0..1) of the two photos over their whole overlap under `h`: unlike
// ECC's own score, it counts the pixels that the agreement mask left out.
double overlapCorrelation(const cv::Mat& earlier, const cv::Mat& later, const cv::Matx33d& h) {
    cv::Mat warped, inside;
    cv::warpPerspective(later, warped, h, earlier.size(), cv::INTER_LINEAR);
    cv::warpPerspective(cv::Mat(later.size(), CV_8U, cv::Scalar(255)), inside, h, earlier.size(),
                        cv::INTER_NEAREST);
    cv::erode(inside, inside, cv::Mat(), cv::Point(-1, -1), 2);
    if (cv::countNonZero(inside) < 100)
        return 0.0;
    cv::Mat a, b;
    cv::GaussianBlur(earlier, a, cv::Size(5, 5), 0);
    cv::GaussianBlur(warped, b, cv::Size(5, 5), 0);
    a.convertTo(a, CV_64F);
    b.convertTo(b, CV_64F);
    cv::Scalar meanA, sdA, meanB, sdB;
    cv::meanStdDev(a, meanA, sdA, inside);
    cv::meanStdDev(b, meanB, sdB, inside);
    if (sdA[0] < 1e-6 || sdB[0] < 1e-6)
        return 0.0;
    cv::Mat product = (a - meanA[0]).mul(b - meanB[0]);
    const double covariance = cv::mean(product, inside)[0];
    return std::clamp(covariance / (sdA[0] * sdB[0]), 0.0, 1.0);
}

// ECC (homography) refinement of `start` (later -> earlier, working px), coarse to fine, over
// the later pixels in `laterMask` (all when empty).
std::optional<EccFit> eccRefine(const cv::Mat& earlier, const cv::Mat& later,
                                const cv::Matx33d& start, const cv::Mat& laterMask = {}) {
    try {
        cv::Matx33d h = start;
        double correlation = 0.0;
        for (const double level : {0.5, 1.0}) {
            cv::Mat e = earlier, l = later, m = laterMask;
            if (level < 1.0) {
                cv::resize(earlier, e, cv::Size(), level, level, cv::INTER_AREA);
                cv::resize(later, l, cv::Size(), level, level, cv::INTER_AREA);
                if (!m.empty())
                    cv::resize(laterMask, m, cv::Size(), level, level, cv::INTER_NEAREST);
            }
            cv::GaussianBlur(e, e, cv::Size(5, 5), 0);
            cv::GaussianBlur(l, l, cv::Size(5, 5), 0);
            // ECC's warp maps template (earlier) pixels to input (later) pixels.
            const cv::Matx33d atLevel = scaling(level) * h * scaling(1.0 / level);
            cv::Mat warp(cv::Matx33f(cv::Matx33d(normalised(atLevel.inv()))));
            correlation = cv::findTransformECC(
                e, l, warp, cv::MOTION_HOMOGRAPHY,
                cv::TermCriteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 100, 1e-6),
                m.empty() ? cv::Mat() : m, 5);
            cv::Mat warp64;
            warp.convertTo(warp64, CV_64F);
            const cv::Matx33d earlierToLater(warp64);
            h = scaling(1.0 / level) * earlierToLater.inv() * scaling(level);
        }
        if (!std::isfinite(correlation))
            return std::nullopt;
        return EccFit{normalised(h), correlation};
    } catch (const cv::Exception&) {
        return std::nullopt;  // did not converge, or a singular warp
    }
}

// Largest corner displacement (working px) between two later -> earlier maps.
double cornerDisagreement(const cv::Matx33d& a, const cv::Matx33d& b, cv::Size laterSize) {
    double worst = 0.0;
    for (const cv::Point2d p : corners(laterSize)) {
        const cv::Point2d d = apply(a, p) - apply(b, p);
        worst = std::max(worst, std::hypot(d.x, d.y));
    }
    return worst;
}

double medianError(const cv::Matx33d& h, const std::vector<cv::Point2d>& from,
                   const std::vector<cv::Point2d>& to) {
    if (from.empty())
        return 0.0;
    std::vector<double> e;
    e.reserve(from.size());
    for (std::size_t i = 0; i < from.size(); ++i) {
        const cv::Point2d d = apply(h, from[i]) - to[i];
        e.push_back(std::hypot(d.x, d.y));
    }
    std::nth_element(e.begin(), e.begin() + static_cast<std::ptrdiff_t>(e.size() / 2), e.end());
    return e[e.size() / 2];
}

// The marker start: perspective and scale removed through both planes, and the later photo's
// centre put on the earlier one's (stickers are not stuck at the same place each visit).
cv::Matx33d markerStart(const RegistrationInput& in, const Working& e, const Working& l) {
    const cv::Matx33d he = *in.earlierToPlane, hl = *in.laterToPlane;
    const cv::Point2d ce(in.earlier.cols / 2.0, in.earlier.rows / 2.0);
    const cv::Point2d cl(in.later.cols / 2.0, in.later.rows / 2.0);
    const cv::Point2d shift = apply(he, ce) - apply(hl, cl);
    const cv::Matx33d t(1, 0, shift.x, 0, 1, shift.y, 0, 0, 1);
    const cv::Matx33d full = he.inv() * t * hl;
    return normalised(scaling(e.scale) * full * scaling(1.0 / l.scale));
}

struct Candidate {
    cv::Matx33d h;  // later working -> earlier working
    RegistrationMethod method;
    int inliers = 0;
    double inlierRatio = 0;
    std::vector<cv::Point2d> laterPts, earlierPts;  // working px
    std::string how;
};

std::optional<Candidate> featureCandidate(const RegistrationInput& in, const Working& e,
                                          const Working& l) {
    if (in.earlierToPlane && in.laterToPlane) {
        const cv::Matx33d start = markerStart(in, e, l);
        if (implausible(start, l.grey.size()).empty()) {
            cv::Mat rectified, valid;
            cv::warpPerspective(l.grey, rectified, start, e.grey.size(), cv::INTER_LINEAR);
            cv::warpPerspective(cv::Mat(l.grey.size(), CV_8U, cv::Scalar(255)), valid, start,
                                e.grey.size(), cv::INTER_NEAREST);
            cv::erode(valid, valid, cv::Mat(), cv::Point(-1, -1), 16);
            if (const auto fit = featureHomography(e.grey, rectified, valid)) {
                Candidate c{normalised(fit->h * start),
                            RegistrationMethod::Markers,
                            fit->inliers,
                            fit->inlierRatio,
                            {},
                            fit->fixedInliers,
                            "markers + features"};
                const cv::Matx33d back = start.inv();
                for (const cv::Point2d p : fit->movingInliers) c.laterPts.push_back(apply(back, p));
                return c;
            }
        }
    }
    if (const auto fit = featureHomography(e.grey, l.grey)) {
        return Candidate{normalised(fit->h), RegistrationMethod::Features, fit->inliers,
                         fit->inlierRatio,   fit->movingInliers,           fit->fixedInliers,
                         "features"};
    }
    return std::nullopt;
}

}  // namespace

const char* toString(RegistrationMethod method) {
    switch (method) {
        case RegistrationMethod::Markers:
            return "markers";
        case RegistrationMethod::Features:
            return "features";
        case RegistrationMethod::Ecc:
            return "ecc";
    }
    return "features";
}

MlResult<Registration> registerPhotos(const RegistrationInput& input) {
    if (input.earlier.empty() || input.later.empty())
        return mlFail(MlErrorCode::InvalidInput, "registration needs two photos");
    try {
        const Working e = toWorking(input.earlier);
        const Working l = toWorking(input.later);
        const cv::Size laterSize = l.grey.size();
        const cv::Size laterFull = input.later.size();
        const cv::Matx33d toFull = scaling(1.0 / e.scale);
        const cv::Matx33d fromFull = scaling(l.scale);

        Registration out;
        std::optional<Candidate> candidate = featureCandidate(input, e, l);
        std::optional<EccFit> ecc;
        if (candidate) {
            const std::string why = implausible(candidate->h, laterSize);
            if (!why.empty())
                return mlFail(MlErrorCode::InvalidInput, "no plausible alignment: " + why);
            ecc = eccRefine(e.grey, l.grey, candidate->h,
                            agreementMask(e.grey, l.grey, candidate->h));
            // ECC that wandered off the feature fit (or made it implausible) is not trusted.
            const double diagonal = std::hypot(laterSize.width, laterSize.height);
            if (ecc &&
                (!implausible(ecc->h, laterSize).empty() ||
                 cornerDisagreement(ecc->h, candidate->h, laterSize) > 0.05 * diagonal ||
                 medianError(ecc->h, candidate->laterPts, candidate->earlierPts) >
                     medianError(candidate->h, candidate->laterPts, candidate->earlierPts) + 1.0)) {
                ecc.reset();
            }
            out.method = candidate->method;
            out.inliers = candidate->inliers;
        } else {
            // No feature fit: ECC alone, from the markers' start or from identity (photos taken
            // from about the same place), accepted only when it agrees well.
            std::vector<cv::Matx33d> starts;
            if (input.earlierToPlane && input.laterToPlane) {
                const cv::Matx33d he = *input.earlierToPlane, hl = *input.laterToPlane;
                starts.push_back(
                    normalised(scaling(e.scale) * (he.inv() * hl) * scaling(1.0 / l.scale)));
            }
            starts.push_back(scaling(static_cast<double>(e.grey.cols) / l.grey.cols));
            for (const cv::Matx33d& start : starts) {
                auto fit = eccRefine(e.grey, l.grey, start);
                if (fit && fit->correlation >= kEccOnlyFloor &&
                    implausible(fit->h, laterSize).empty()) {
                    ecc = fit;
                    break;
                }
            }
            if (!ecc) {
                return mlFail(MlErrorCode::InvalidInput,
                              "no alignment found: too few matching features between the photos");
            }
            out.method = RegistrationMethod::Ecc;
        }

        const cv::Matx33d working = ecc ? ecc->h : candidate->h;
        out.laterToEarlier = normalised(toFull * working * fromFull);
        const std::string why = implausible(out.laterToEarlier, laterFull);
        if (!why.empty())
            return mlFail(MlErrorCode::InvalidInput, "no plausible alignment: " + why);
        out.quality = ecc ? overlapCorrelation(e.grey, l.grey, working) : candidate->inlierRatio;
        if (candidate) {
            out.reprojectionErrorPx =
                medianError(working, candidate->laterPts, candidate->earlierPts) / e.scale;
        }
        const std::string how = candidate ? candidate->how + (ecc ? " + ECC" : "") : "ECC";
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s, quality %.2f, %d inliers, %.1f px", how.c_str(),
                      out.quality, out.inliers, out.reprojectionErrorPx);
        out.summary = buf;
        return out;
    } catch (const cv::Exception& ex) {
        return mlFail(MlErrorCode::InvalidInput, std::string("registration failed: ") + ex.what());
    }
}

}  // namespace cicatrix::ml
