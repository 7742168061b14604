// OpenCV's QR decoder for the tests: Debian's OpenCV 4.6 builds cv::QRCodeDetector without quirc
// (it detects but never decodes), so the contrib WeChatQRCode detector (no CNN models: its
// classic detector and the ZXing decoder) reads the code. Empty when nothing decodes.
#pragma once

#include <opencv2/wechat_qrcode.hpp>

#include <string>

namespace cicatrix::test {

inline std::string decodeQr(const cv::Mat& image) {
    const auto texts = cv::wechat_qrcode::WeChatQRCode().detectAndDecode(image);
    return texts.empty() ? std::string() : texts.front();
}

}  // namespace cicatrix::test
