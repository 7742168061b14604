// libjpeg-turbo (TurboJPEG API) for JPEG, OpenCV imgcodecs for PNG.
#include "library/photo_decoder.hpp"

#include <turbojpeg.h>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <memory>

#include "library/image_orientation.hpp"

namespace cicatrix::library {

namespace {

struct TjDeleter {
    void operator()(void* handle) const { tjDestroy(handle); }
};

// denominator: 1, 2, 4 or 8.
Result<cv::Mat> decodeJpeg(std::span<const std::uint8_t> bytes, int denominator, bool fast) {
    std::unique_ptr<void, TjDeleter> tj(tjInitDecompress());
    if (!tj) {
        return fail(ErrorCode::Io, "cannot initialise the JPEG decoder");
    }
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    auto* src = const_cast<unsigned char*>(bytes.data());  // TurboJPEG 2.1 takes non-const
    const auto size = static_cast<unsigned long>(bytes.size());
    if (tjDecompressHeader3(tj.get(), src, size, &width, &height, &subsampling, &colorspace) != 0) {
        return fail(ErrorCode::Corrupt,
                    fmt::format("JPEG header is unreadable: {}", tjGetErrorStr2(tj.get())));
    }
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) {
        cv::Mat image = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, src),
                                     cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        if (image.empty()) {
            return fail(ErrorCode::Corrupt, "CMYK JPEG could not be decoded");
        }
        return image;
    }
    const int scaledW = (width + denominator - 1) / denominator;  // TJSCALED rounding
    const int scaledH = (height + denominator - 1) / denominator;
    cv::Mat image(scaledH, scaledW, CV_8UC3);
    const int flags = TJFLAG_STOPONWARNING | (fast ? TJFLAG_FASTDCT : TJFLAG_ACCURATEDCT);
    if (tjDecompress2(tj.get(), src, size, image.data, scaledW, static_cast<int>(image.step),
                      scaledH, TJPF_BGR, flags) != 0) {
        return fail(ErrorCode::Corrupt,
                    fmt::format("JPEG data is corrupt: {}", tjGetErrorStr2(tj.get())));
    }
    return image;
}

Result<cv::Mat> decodePng(std::span<const std::uint8_t> bytes) {
    try {
        cv::Mat image = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U,
                                             const_cast<std::uint8_t*>(bytes.data())),
                                     cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        if (image.empty()) {
            return fail(ErrorCode::Corrupt, "PNG data is corrupt and could not be decoded");
        }
        return image;
    } catch (const cv::Exception& e) {
        return fail(ErrorCode::Corrupt, fmt::format("PNG data is corrupt: {}", e.what()));
    }
}

Result<cv::Mat> orient(Result<cv::Mat> image, int exifOrientation) {
    if (!image) {
        return image;
    }
    return applyExifOrientation(*image, exifOrientation);
}

}  // namespace

Result<cv::Mat> decodePhoto(std::span<const std::uint8_t> bytes, const ImageHeader& header,
                            int exifOrientation) {
    if (header.format == ImageFormat::Jpeg) {
        return orient(decodeJpeg(bytes, 1, false), exifOrientation);
    }
    return orient(decodePng(bytes), exifOrientation);
}

Result<cv::Mat> decodePhotoReduced(std::span<const std::uint8_t> bytes, const ImageHeader& header,
                                   int exifOrientation, int minLongSide) {
    if (header.format != ImageFormat::Jpeg) {
        return decodePhoto(bytes, header, exifOrientation);
    }
    const int longSide = std::max(header.width, header.height);
    int denominator = 8;
    while (denominator > 1 && longSide / denominator < minLongSide) {
        denominator /= 2;
    }
    return orient(decodeJpeg(bytes, denominator, true), exifOrientation);
}

cv::Mat fitLongSide(const cv::Mat& image, int longSide) {
    const int current = std::max(image.cols, image.rows);
    if (current <= longSide) {
        return image;
    }
    const double scale = static_cast<double>(longSide) / current;
    cv::Mat out;
    cv::resize(image, out,
               cv::Size(std::max(1, static_cast<int>(image.cols * scale + 0.5)),
                        std::max(1, static_cast<int>(image.rows * scale + 0.5))),
               0, 0, cv::INTER_AREA);
    return out;
}

}  // namespace cicatrix::library
