// Header parsing for JPEG (marker walk to the SOF segment) and PNG (IHDR), plus end-of-stream
// checks (JPEG EOI after the scan, PNG IEND) so truncated downloads are caught before decoding.
#include "library/image_probe.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>

namespace cicatrix::library {

namespace {

std::uint32_t be16(std::span<const std::uint8_t> b, std::size_t at) {
    return (std::uint32_t{b[at]} << 8) | b[at + 1];
}
std::uint32_t be32(std::span<const std::uint8_t> b, std::size_t at) {
    return (be16(b, at) << 16) | be16(b, at + 2);
}

bool isStartOfFrame(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Result<ImageHeader> probeJpeg(std::span<const std::uint8_t> b) {
    std::size_t pos = 2;
    ImageHeader header{ImageFormat::Jpeg};
    bool haveFrame = false;
    while (true) {
        if (pos + 1 >= b.size()) {
            return fail(ErrorCode::Corrupt,
                        "JPEG is truncated: it ends inside its header segments");
        }
        if (b[pos] != 0xFF) {
            return fail(ErrorCode::Corrupt,
                        fmt::format("JPEG header is corrupt (no marker at byte {})", pos));
        }
        while (pos < b.size() && b[pos] == 0xFF) {
            ++pos;  // fill bytes
        }
        if (pos >= b.size()) {
            return fail(ErrorCode::Corrupt, "JPEG is truncated: it ends inside a marker");
        }
        const std::uint8_t marker = b[pos++];
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            continue;  // markers without a length
        }
        if (marker == 0xD9) {
            return fail(ErrorCode::Corrupt, "JPEG ends before any image data");
        }
        if (pos + 2 > b.size()) {
            return fail(ErrorCode::Corrupt, "JPEG is truncated: it ends inside a segment length");
        }
        const std::size_t length = be16(b, pos);
        if (length < 2 || pos + length > b.size()) {
            return fail(ErrorCode::Corrupt,
                        "JPEG is truncated: a header segment runs past the end of the file");
        }
        if (isStartOfFrame(marker)) {
            if (length < 7) {
                return fail(ErrorCode::Corrupt, "JPEG frame header is too short");
            }
            header.height = static_cast<int>(be16(b, pos + 3));
            header.width = static_cast<int>(be16(b, pos + 5));
            haveFrame = true;
        }
        if (marker == 0xDA) {  // start of scan: the entropy-coded data follows
            if (!haveFrame) {
                return fail(ErrorCode::Corrupt, "JPEG has image data but no frame header");
            }
            // EOI (FF D9) can only appear as a real marker inside or after the scans.
            const std::array<std::uint8_t, 2> eoi{0xFF, 0xD9};
            const auto scan = b.subspan(pos + length);
            if (std::ranges::search(scan, eoi).empty()) {
                return fail(ErrorCode::Corrupt,
                            "JPEG is truncated: the image data has no end marker (incomplete copy "
                            "or download?)");
            }
            break;
        }
        pos += length;
    }
    if (header.width <= 0 || header.height <= 0) {
        return fail(ErrorCode::Corrupt, "JPEG declares a zero width or height");
    }
    return header;
}

Result<ImageHeader> probePng(std::span<const std::uint8_t> b) {
    if (b.size() < 33 || be32(b, 8) != 13 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' ||
        b[15] != 'R') {
        return fail(ErrorCode::Corrupt, "PNG is truncated or has no IHDR header");
    }
    const std::uint32_t w = be32(b, 16);
    const std::uint32_t h = be32(b, 20);
    if (w == 0 || h == 0 || w > 0x7FFFFFFF || h > 0x7FFFFFFF) {
        return fail(ErrorCode::Corrupt, "PNG declares an invalid width or height");
    }
    const std::array<std::uint8_t, 4> iend{'I', 'E', 'N', 'D'};
    if (b.size() < 12 || !std::ranges::equal(b.subspan(b.size() - 8, 4), iend)) {
        return fail(
            ErrorCode::Corrupt,
            "PNG is truncated: it has no IEND chunk at the end (incomplete copy or download?)");
    }
    return ImageHeader{ImageFormat::Png, static_cast<int>(w), static_cast<int>(h)};
}

}  // namespace

const char* mediaType(ImageFormat format) {
    return format == ImageFormat::Jpeg ? "image/jpeg" : "image/png";
}

Result<ImageHeader> probeImage(std::span<const std::uint8_t> bytes, const ImageLimits& limits) {
    if (bytes.empty()) {
        return fail(ErrorCode::InvalidInput, "file is empty (0 bytes)");
    }
    if (bytes.size() > limits.maxFileBytes) {
        return fail(ErrorCode::TooLarge,
                    fmt::format("file is {} MiB, over the {} MiB limit", bytes.size() >> 20,
                                limits.maxFileBytes >> 20));
    }
    Result<ImageHeader> header = fail(ErrorCode::InvalidInput, "");
    static constexpr std::array<std::uint8_t, 8> kPngSignature{0x89, 'P',  'N',  'G',
                                                               0x0D, 0x0A, 0x1A, 0x0A};
    if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        header = probeJpeg(bytes);
    } else if (bytes.size() >= 8 && std::ranges::equal(bytes.first(8), kPngSignature)) {
        header = probePng(bytes);
    } else {
        return fail(ErrorCode::InvalidInput, "not a JPEG or PNG image");
    }
    if (!header) {
        return header;
    }
    const auto pixels =
        static_cast<std::uint64_t>(header->width) * static_cast<std::uint64_t>(header->height);
    if (header->width > limits.maxSide || header->height > limits.maxSide ||
        pixels > limits.maxPixels) {
        return fail(
            ErrorCode::TooLarge,
            fmt::format(
                "image declares {}×{} pixels ({} MP), over the {} MP / {} px-per-side limit; "
                "refusing to decode it (possible decompression bomb)",
                header->width, header->height, pixels / 1'000'000, limits.maxPixels / 1'000'000,
                limits.maxSide));
    }
    return header;
}

}  // namespace cicatrix::library
