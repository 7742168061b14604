// Encoding and decoding of the edit journal's records: explicit little-endian integers, zlib for
// the patches and for the CRC32 of every payload. Thread-safe (pure functions).
#include "journal_format.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace cicatrix::annotate::journal {
namespace {

void putU8(std::string& out, std::uint8_t value) {
    out.push_back(static_cast<char>(value));
}

void putU32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
    }
}

void putU64(std::string& out, std::uint64_t value) {
    for (int i = 0; i < 8; ++i) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
    }
}

void putI32(std::string& out, std::int32_t value) {
    putU32(out, static_cast<std::uint32_t>(value));
}

void putString(std::string& out, std::string_view text) {
    putU32(out, static_cast<std::uint32_t>(text.size()));
    out.append(text);
}

// Reads from a payload; any read past the end sets failed() and yields zeros.
class Cursor {
  public:
    explicit Cursor(std::string_view bytes) : m_bytes(bytes) {}
    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] std::string_view rest() const { return m_bytes.substr(m_pos); }

    std::uint64_t unsignedLe(int width) {
        if (m_failed || m_bytes.size() - m_pos < static_cast<std::size_t>(width)) {
            m_failed = true;
            return 0;
        }
        std::uint64_t value = 0;
        for (int i = 0; i < width; ++i) {
            value |= std::uint64_t{static_cast<unsigned char>(
                         m_bytes[m_pos + static_cast<std::size_t>(i)])}
                     << (8 * i);
        }
        m_pos += static_cast<std::size_t>(width);
        return value;
    }
    std::uint8_t u8() { return static_cast<std::uint8_t>(unsignedLe(1)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(unsignedLe(4)); }
    std::uint64_t u64() { return unsignedLe(8); }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::string string() {
        const std::uint32_t length = u32();
        if (m_failed || m_bytes.size() - m_pos < length) {
            m_failed = true;
            return {};
        }
        std::string text(m_bytes.substr(m_pos, length));
        m_pos += length;
        return text;
    }

  private:
    std::string_view m_bytes;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

std::uint32_t crcOf(std::string_view bytes) {
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib takes uInt lengths: feed large buffers in pieces.
    while (!bytes.empty()) {
        const std::size_t piece = std::min<std::size_t>(bytes.size(), 1u << 30);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(piece));
        bytes.remove_prefix(piece);
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace

std::string encodeHeader(const Header& header) {
    std::string out;
    putU8(out, static_cast<std::uint8_t>(RecordType::Header));
    putU32(out, header.version);
    putI32(out, header.size.height);
    putI32(out, header.size.width);
    putU64(out, header.limits.maxDepth);
    putU64(out, header.limits.maxBytes);
    putString(out, header.baseId);
    return out;
}

std::string encodeEdit(std::string_view name, const cv::Rect& rect, const cv::Mat& after) {
    CV_Assert(after.type() == CV_8UC1 && after.size() == rect.size());
    const cv::Mat packed = after.isContinuous() ? after : after.clone();
    const auto rawLength = static_cast<uLong>(packed.total());
    uLongf compressedLength = compressBound(rawLength);
    std::string compressed(compressedLength, '\0');
    const int rc = compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressedLength,
                             packed.ptr<Bytef>(), rawLength, Z_BEST_SPEED);
    CV_Assert(rc == Z_OK);  // only fails on a programmer error (buffer too small) or no memory
    compressed.resize(compressedLength);

    std::string out;
    out.reserve(compressed.size() + name.size() + 32);
    putU8(out, static_cast<std::uint8_t>(RecordType::Edit));
    putString(out, name);
    putI32(out, rect.x);
    putI32(out, rect.y);
    putI32(out, rect.width);
    putI32(out, rect.height);
    out.append(compressed);
    return out;
}

std::string encodeMarker(RecordType type) {
    std::string out;
    putU8(out, static_cast<std::uint8_t>(type));
    return out;
}

void appendRecord(std::string& out, std::string_view payload) {
    putU32(out, static_cast<std::uint32_t>(payload.size()));
    putU32(out, crcOf(payload));
    out.append(payload);
}

std::optional<RecordType> recordType(std::string_view payload) {
    if (payload.empty()) {
        return std::nullopt;
    }
    const auto type = static_cast<std::uint8_t>(payload.front());
    if (type < 1 || type > 4) {
        return std::nullopt;
    }
    return static_cast<RecordType>(type);
}

std::optional<Header> decodeHeader(std::string_view payload) {
    Cursor in(payload);
    if (in.u8() != static_cast<std::uint8_t>(RecordType::Header)) {
        return std::nullopt;
    }
    Header header;
    header.version = in.u32();
    header.size.height = in.i32();
    header.size.width = in.i32();
    header.limits.maxDepth = in.u64();
    header.limits.maxBytes = in.u64();
    header.baseId = in.string();
    if (in.failed() || !in.rest().empty() || header.size.width <= 0 || header.size.height <= 0) {
        return std::nullopt;
    }
    return header;
}

std::optional<EditRecord> decodeEdit(std::string_view payload) {
    Cursor in(payload);
    if (in.u8() != static_cast<std::uint8_t>(RecordType::Edit)) {
        return std::nullopt;
    }
    EditRecord edit;
    edit.name = in.string();
    edit.rect.x = in.i32();
    edit.rect.y = in.i32();
    edit.rect.width = in.i32();
    edit.rect.height = in.i32();
    if (in.failed() || edit.rect.width <= 0 || edit.rect.height <= 0) {
        return std::nullopt;
    }
    const std::string_view compressed = in.rest();
    edit.after.create(edit.rect.height, edit.rect.width, CV_8UC1);
    uLongf rawLength = static_cast<uLongf>(edit.after.total());
    const int rc = uncompress(edit.after.ptr<Bytef>(), &rawLength,
                              reinterpret_cast<const Bytef*>(compressed.data()),
                              static_cast<uLong>(compressed.size()));
    if (rc != Z_OK || rawLength != edit.after.total()) {
        return std::nullopt;
    }
    return edit;
}

RecordReader::RecordReader(std::string_view file) : m_file(file) {
    m_magicOk =
        file.size() >= kMagic.size() && std::memcmp(file.data(), kMagic.data(), kMagic.size()) == 0;
    m_offset = m_magicOk ? kMagic.size() : 0;
    m_torn = !m_magicOk;
}

std::optional<std::string_view> RecordReader::next() {
    if (m_torn || m_offset == m_file.size()) {
        return std::nullopt;
    }
    Cursor frame(m_file.substr(m_offset));
    const std::uint32_t length = frame.u32();
    const std::uint32_t crc = frame.u32();
    if (frame.failed() || frame.rest().size() < length) {
        m_torn = true;
        return std::nullopt;
    }
    const std::string_view payload = frame.rest().substr(0, length);
    if (crcOf(payload) != crc) {
        m_torn = true;
        return std::nullopt;
    }
    m_offset += kFrameBytes + length;
    return payload;
}

}  // namespace cicatrix::annotate::journal
