// Thumbnail generation for 12-megapixel JPEGs: reduced (DCT-scaled) decoding + resize versus the
// baseline full decode + resize, on the same bytes. Prints both times and their ratio.
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <iostream>

#include "bench_timer.hpp"
#include "library/photo_decoder.hpp"

using namespace cicatrix::library;

int main() {
    // A 4000×3000 photo made from a real demo wound photo (upscaled) plus sensor-like noise, so the
    // JPEG has realistic entropy.
    cv::Mat source =
        cv::imread(std::string(CICATRIX_TEST_ASSETS_DIR) + "/demo/Patient_20/P20T_1.jpg");
    if (source.empty()) {
        std::cerr << "thumbnail_bench: demo photo missing\n";
        return 1;
    }
    std::vector<std::vector<std::uint8_t>> jpegs;
    for (int i = 0; i < 3; ++i) {
        cv::Mat big;
        cv::resize(source, big, cv::Size(4000, 3000), 0, 0, cv::INTER_CUBIC);
        cv::Mat noise(big.size(), big.type());
        cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(6 + i));
        cv::add(big, noise, big);
        std::vector<std::uint8_t> bytes;
        cv::imencode(".jpg", big, bytes, {cv::IMWRITE_JPEG_QUALITY, 92});
        jpegs.push_back(std::move(bytes));
    }
    constexpr int kThumb = 256;
    std::size_t checksum = 0;
    const double reduced = cicatrix::bench::medianMs(5, [&] {
        for (const auto& bytes : jpegs) {
            const auto header = probeImage(bytes);
            const auto image = decodePhotoReduced(bytes, *header, 1, kThumb);
            checksum += fitLongSide(*image, kThumb).total();
        }
    });
    const double full = cicatrix::bench::medianMs(5, [&] {
        for (const auto& bytes : jpegs) {
            const auto header = probeImage(bytes);
            const auto image = decodePhoto(bytes, *header, 1);
            checksum += fitLongSide(*image, kThumb).total();
        }
    });
    std::cout << fmt::format(
        "thumbnail (3 × 12 MP JPEG → {} px): reduced decode {:.1f} ms, full decode + resize "
        "{:.1f} ms (baseline); speed-up ×{:.1f}  [checksum {}]\n",
        kThumb, reduced, full, full / reduced, checksum);
    return 0;
}
