// ExportWriter: files of an export written under its temp root, each hashed (sha256) for the
// manifest. PNGs come from OpenCV's encoder, which writes no text, time or EXIF chunks.
// Thread rule: one writer per export, used from one thread.
#include <openssl/evp.h>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "export_internal.hpp"

namespace cicatrix::annotate::detail {

std::string sha256Hex(std::span<const std::uint8_t> bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
        1) {
        return {};
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xf]);
    }
    return hex;
}

std::expected<void, ExportError> ExportWriter::writeBytes(const std::string& relative,
                                                          std::span<const std::uint8_t> bytes) {
    const std::filesystem::path path = m_root / relative;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
        return std::unexpected(
            ExportError{"cannot create folder for " + relative + ": " + ec.message()});
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
        return std::unexpected(ExportError{"cannot write " + relative});
    }
    const std::string digest = sha256Hex(bytes);
    if (digest.empty()) {
        return std::unexpected(ExportError{"cannot hash " + relative});
    }
    m_files.push_back({relative, digest, bytes.size()});
    return {};
}

std::expected<void, ExportError> ExportWriter::writeJson(const std::string& relative,
                                                         const Json& json) {
    const std::string text = json.dump(2) + "\n";
    return writeBytes(relative,
                      std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::expected<void, ExportError> ExportWriter::writePng(const std::string& relative,
                                                        const cv::Mat& pixels) {
    std::vector<std::uint8_t> encoded;
    try {
        if (!cv::imencode(".png", pixels, encoded)) {
            return std::unexpected(ExportError{"cannot encode " + relative});
        }
    } catch (const cv::Exception& e) {
        return std::unexpected(ExportError{"cannot encode " + relative + ": " + e.what()});
    }
    return writeBytes(relative, encoded);
}

}  // namespace cicatrix::annotate::detail
