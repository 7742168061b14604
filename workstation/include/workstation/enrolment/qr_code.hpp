// QR codes (libqrencode) as plain pixels: the module matrix, and a printable PNG of it with at
// least 8 px per module and the 4-module quiet zone the standard asks for. Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>
#include <string_view>

#include "workstation/error.hpp"

namespace cicatrix::workstation {

inline constexpr int kQrQuietModules = 4;
inline constexpr int kQrMinPixelsPerModule = 8;

// CV_8U, one pixel per module, 0 = dark, 255 = light, no quiet zone (error correction M, byte
// mode). InvalidInput when the text does not fit in a QR code.
[[nodiscard]] Result<cv::Mat> encodeQrModules(std::string_view text);
// The modules scaled up (pixelsPerModule, at least kQrMinPixelsPerModule) inside a light quiet
// zone of kQrQuietModules modules on each side.
[[nodiscard]] cv::Mat renderQr(const cv::Mat& modules, int pixelsPerModule = kQrMinPixelsPerModule);
// renderQr written as a PNG (atomically).
[[nodiscard]] Result<void> writeQrPng(const cv::Mat& modules, const std::filesystem::path& png,
                                      int pixelsPerModule = kQrMinPixelsPerModule);

}  // namespace cicatrix::workstation
