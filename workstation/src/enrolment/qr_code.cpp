// libqrencode -> a module matrix (cv::Mat), scaled with its quiet zone, written as PNG.
// Thread-safe (QRcode_encodeString is reentrant).
#include "workstation/enrolment/qr_code.hpp"

#include <qrencode.h>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "library/atomic_file.hpp"

namespace cicatrix::workstation {

Result<cv::Mat> encodeQrModules(std::string_view text) {
    const std::string owned(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(owned.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("cannot make a QR code of {} characters", text.size()));
    }
    const int width = code->width;
    cv::Mat modules(width, width, CV_8U);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            const bool dark = (code->data[y * width + x] & 1) != 0;
            modules.at<std::uint8_t>(y, x) = dark ? 0 : 255;
        }
    }
    return modules;
}

cv::Mat renderQr(const cv::Mat& modules, int pixelsPerModule) {
    const int scale = std::max(pixelsPerModule, kQrMinPixelsPerModule);
    cv::Mat framed;
    cv::copyMakeBorder(modules, framed, kQrQuietModules, kQrQuietModules, kQrQuietModules,
                       kQrQuietModules, cv::BORDER_CONSTANT, cv::Scalar(255));
    cv::Mat out;
    cv::resize(framed, out, {}, scale, scale, cv::INTER_NEAREST);
    return out;
}

Result<void> writeQrPng(const cv::Mat& modules, const std::filesystem::path& png,
                        int pixelsPerModule) {
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(".png", renderQr(modules, pixelsPerModule), bytes)) {
        return fail(ErrorCode::Io, "cannot encode the QR code as PNG");
    }
    return library::writeFileAtomically(png, bytes, /*allowReplace=*/true);
}

}  // namespace cicatrix::workstation
