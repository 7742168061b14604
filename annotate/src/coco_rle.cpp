// COCO run-length encoding as pycocotools writes it (common/maskApi.c rleEncode + rleToString):
// runs over the mask in column-major order, starting with a run of zeros, then each count as
// 5-bit groups in chars 48..111, counts after the second stored as the delta to the count two
// before. Thread-safe (pure functions).
#include <cstdint>
#include <vector>

#include "annotate/dataset_export.hpp"

namespace cicatrix::annotate {

namespace {

constexpr char kBase = 48;        // '0': the first char of the alphabet
constexpr long kPayload = 0x1f;   // five bits of value per char
constexpr long kSignBit = 0x10;   // the top payload bit of the last char carries the sign
constexpr long kContinue = 0x20;  // set on every char but the last of a number

std::vector<std::uint32_t> runsOf(const cv::Mat& binary) {
    std::vector<std::uint32_t> counts;
    bool previous = false;
    std::uint32_t run = 0;
    for (int x = 0; x < binary.cols; ++x) {
        for (int y = 0; y < binary.rows; ++y) {
            const bool on = binary.at<std::uint8_t>(y, x) != 0;
            if (on != previous) {
                counts.push_back(run);
                run = 0;
                previous = on;
            }
            ++run;
        }
    }
    counts.push_back(run);
    return counts;
}

}  // namespace

std::string encodeCocoRle(const cv::Mat& binary) {
    CV_Assert(binary.type() == CV_8UC1);
    const std::vector<std::uint32_t> counts = runsOf(binary);
    std::string out;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        long x = static_cast<long>(counts[i]);
        if (i > 2) {
            x -= static_cast<long>(counts[i - 2]);
        }
        bool more = true;
        while (more) {
            long c = x & kPayload;
            x >>= 5;  // arithmetic shift: negative deltas end at -1
            more = (c & kSignBit) != 0 ? x != -1 : x != 0;
            if (more) {
                c |= kContinue;
            }
            out.push_back(static_cast<char>(c + kBase));
        }
    }
    return out;
}

cv::Mat decodeCocoRle(const std::string& counts, int height, int width) {
    if (height < 0 || width < 0) {
        return {};
    }
    std::vector<std::uint32_t> runs;
    std::size_t p = 0;
    while (p < counts.size()) {
        long x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p >= counts.size() || k > 6) {
                return {};  // a number cut short, or longer than any count can be
            }
            const long c = static_cast<long>(counts[p]) - kBase;
            if (c < 0 || c > 63) {
                return {};  // outside the alphabet
            }
            x |= (c & kPayload) << (5 * k);
            more = (c & kContinue) != 0;
            ++p;
            ++k;
            if (!more && (c & kSignBit) != 0) {
                x |= -1L << (5 * k);  // sign-extend (as maskApi.c does)
            }
        }
        if (runs.size() > 2) {
            x += static_cast<long>(runs[runs.size() - 2]);
        }
        if (x < 0) {
            return {};
        }
        runs.push_back(static_cast<std::uint32_t>(x));
    }
    cv::Mat mask(height, width, CV_8UC1, cv::Scalar(0));
    const long total = static_cast<long>(height) * width;
    long pos = 0;
    std::uint8_t value = 0;
    for (const std::uint32_t run : runs) {
        if (pos + static_cast<long>(run) > total) {
            return {};  // more pixels than the mask holds
        }
        for (long i = pos; i < pos + static_cast<long>(run); ++i) {
            mask.at<std::uint8_t>(static_cast<int>(i % height), static_cast<int>(i / height)) =
                value;
        }
        pos += run;
        value = value != 0 ? 0 : 1;
    }
    if (pos != total) {
        return {};  // fewer pixels than the mask holds
    }
    return mask;
}

}  // namespace cicatrix::annotate
