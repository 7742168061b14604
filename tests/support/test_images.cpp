// Fixture implementations: libexif builds the EXIF block, OpenCV encodes the pixels.
#include "support/test_images.hpp"

#include <libexif/exif-data.h>
#include <zlib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <unistd.h>
#include <atomic>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

namespace cicatrix::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    m_path = fs::temp_directory_path() /
             ("cicatrix-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
              "-" + std::to_string(std::random_device{}()));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

cv::Mat markedImage(int width, int height, int seed) {
    cv::Mat image(height, width, CV_8UC3, cv::Scalar(128, 128, 128));
    cv::Mat noise(height, width, CV_8UC3);
    cv::RNG rng(static_cast<std::uint64_t>(seed));
    rng.fill(noise, cv::RNG::UNIFORM, 0, 40);
    image += noise;
    image(cv::Rect(0, 0, width / 2, height / 2)).setTo(cv::Scalar(0, 0, 255));
    return image;
}

std::vector<std::uint8_t> encodeJpeg(const cv::Mat& image, int quality) {
    std::vector<std::uint8_t> out;
    cv::imencode(".jpg", image, out, {cv::IMWRITE_JPEG_QUALITY, quality});
    return out;
}

std::vector<std::uint8_t> encodePng(const cv::Mat& image) {
    std::vector<std::uint8_t> out;
    cv::imencode(".png", image, out);
    return out;
}

std::vector<std::uint8_t> withExif(const std::vector<std::uint8_t>& jpeg,
                                   std::optional<std::string> dateTimeOriginal,
                                   std::optional<int> orientation) {
    ExifData* ed = exif_data_new();
    exif_data_set_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_set_data_type(ed, EXIF_DATA_TYPE_COMPRESSED);
    exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
    exif_data_fix(ed);
    const ExifByteOrder order = exif_data_get_byte_order(ed);
    if (orientation) {
        ExifEntry* e = exif_entry_new();
        exif_content_add_entry(ed->ifd[EXIF_IFD_0], e);
        exif_entry_initialize(e, EXIF_TAG_ORIENTATION);
        exif_set_short(e->data, order, static_cast<ExifShort>(*orientation));
        exif_entry_unref(e);
    }
    if (dateTimeOriginal) {
        ExifEntry* e = exif_entry_new();
        exif_content_add_entry(ed->ifd[EXIF_IFD_EXIF], e);
        exif_entry_initialize(e, EXIF_TAG_DATE_TIME_ORIGINAL);  // allocates 20 ASCII bytes
        std::memset(e->data, 0, e->size);
        std::memcpy(e->data, dateTimeOriginal->c_str(),
                    std::min<std::size_t>(dateTimeOriginal->size(), e->size - 1));
        exif_entry_unref(e);
    }
    unsigned char* block = nullptr;
    unsigned int length = 0;
    exif_data_save_data(ed, &block, &length);
    exif_data_unref(ed);
    if (block == nullptr) {
        throw std::runtime_error("libexif could not serialise the EXIF block");
    }
    std::vector<std::uint8_t> out{0xFF, 0xD8, 0xFF, 0xE1};
    const unsigned int segment = length + 2;
    out.push_back(static_cast<std::uint8_t>(segment >> 8));
    out.push_back(static_cast<std::uint8_t>(segment & 0xFF));
    out.insert(out.end(), block, block + length);
    std::free(block);
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

void writeFile(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

namespace {
void appendBe32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
}
void appendChunk(std::vector<std::uint8_t>& out, const char* type,
                 const std::vector<std::uint8_t>& data) {
    appendBe32(out, static_cast<std::uint32_t>(data.size()));
    std::vector<std::uint8_t> typed(type, type + 4);
    typed.insert(typed.end(), data.begin(), data.end());
    out.insert(out.end(), typed.begin(), typed.end());
    appendBe32(out,
               static_cast<std::uint32_t>(crc32(0, typed.data(), static_cast<uInt>(typed.size()))));
}
}  // namespace

std::vector<std::uint8_t> pngHeaderClaiming(std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> out{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    std::vector<std::uint8_t> ihdr;
    appendBe32(ihdr, width);
    appendBe32(ihdr, height);
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8-bit RGB
    appendChunk(out, "IHDR", ihdr);
    const std::vector<std::uint8_t> rowOfZeros(64, 0);
    std::vector<std::uint8_t> deflated(compressBound(rowOfZeros.size()));
    uLongf size = deflated.size();
    compress(deflated.data(), &size, rowOfZeros.data(), rowOfZeros.size());
    deflated.resize(size);
    appendChunk(out, "IDAT", deflated);
    appendChunk(out, "IEND", {});
    return out;
}

std::vector<std::uint8_t> jpegClaiming(std::uint16_t width, std::uint16_t height) {
    std::vector<std::uint8_t> jpeg = encodeJpeg(markedImage(64, 48));
    for (std::size_t i = 2; i + 9 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {  // baseline SOF
            jpeg[i + 5] = static_cast<std::uint8_t>(height >> 8);
            jpeg[i + 6] = static_cast<std::uint8_t>(height & 0xFF);
            jpeg[i + 7] = static_cast<std::uint8_t>(width >> 8);
            jpeg[i + 8] = static_cast<std::uint8_t>(width & 0xFF);
            return jpeg;
        }
    }
    throw std::runtime_error("no SOF0 in the test JPEG");
}

bool isRed(const cv::Mat& bgr, int x, int y) {
    const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
    return p[2] > 200 && p[1] < 70 && p[0] < 70;
}

}  // namespace cicatrix::test
