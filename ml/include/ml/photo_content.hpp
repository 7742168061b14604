// The part of a photo that holds a picture: without the uniform bands a phone, a messaging app
// or a PACS viewer put around it (letterbox or pillarbox bars, a white mat). The model sees the
// content at its own scale instead of shrunk between the bars. Pure OpenCV; thread-safe.
#pragma once

#include <opencv2/core.hpp>

namespace cicatrix::ml {

struct ContentBandOptions {
    double maxRowStd = 4.0;  // a band row or column: every channel's spread at most this (8 bit)
    double maxColourDrift = 6.0;       // and its mean within this of the outermost line's
    double minBandFraction = 0.02;     // bands thinner than this share of the side are left alone
    double minContentFraction = 0.25;  // never trim to less than this share of a side
};

// The rectangle of `bgr` (8-bit, 1 or 3 channels) inside its uniform border bands; the whole image
// when it has none. Each side is trimmed independently; a band must run from the photo's edge.
[[nodiscard]] cv::Rect photoContent(const cv::Mat& bgr, const ContentBandOptions& options = {});

}  // namespace cicatrix::ml
