// Private helpers of the DICOM codec: Part 10 in memory with DCMTK, dates, value clean-up.
// Thread-safe (no shared state).
#include "dicom_dataset_util.hpp"

#include "dcmtk/dcmdata/dcdict.h"
#include "dcmtk/dcmdata/dcistrmb.h"
#include "dcmtk/dcmdata/dcostrmb.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace cicatrix::sync::detail {
namespace {

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view digits) {
    int value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not a valid one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2)
        n = 2;
    else if ((c & 0xF0) == 0xE0)
        n = 3;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    }
    return n;
}

}  // namespace

SyncResult<void> requireDictionary() {
    if (!dcmDataDict.isDictionaryLoaded())
        return syncFail(SyncErrorCode::Library,
                        "DCMTK data dictionary not loaded (check DCMDICTPATH / libdcmtk)");
    return {};
}

SyncResult<std::unique_ptr<DcmFileFormat>> readPart10(std::span<const std::uint8_t> bytes) {
    if (auto dict = requireDictionary(); !dict)
        return std::unexpected(dict.error());
    if (bytes.size() < 8)
        return syncFail(SyncErrorCode::Malformed, "not a DICOM file (too short)");
    // A meta header without its preamble ("DICM" first): DCMTK wants the 128 bytes before it.
    std::vector<std::uint8_t> withPreamble;
    if (bytes.size() >= 4 && std::equal(bytes.begin(), bytes.begin() + 4, "DICM")) {
        withPreamble.assign(128, 0);
        withPreamble.insert(withPreamble.end(), bytes.begin(), bytes.end());
        bytes = withPreamble;
    }
    auto file = std::make_unique<DcmFileFormat>();
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
    stream.setEos();
    file->transferInit();
    const OFCondition status = file->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    file->transferEnd();
    if (status.bad())
        return syncFail(SyncErrorCode::Malformed,
                        std::string("not a readable DICOM file: ") + status.text());
    if (!stream.eos())
        return syncFail(SyncErrorCode::Malformed, "not a readable DICOM file: trailing bytes");
    return file;
}

SyncResult<std::vector<std::uint8_t>> writePart10(DcmFileFormat& file, E_TransferSyntax xfer) {
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> chunk(1 << 20);
    DcmOutputBufferStream stream(chunk.data(), static_cast<offile_off_t>(chunk.size()));
    file.transferInit();
    OFCondition status = EC_StreamNotifyClient;
    while (status == EC_StreamNotifyClient) {
        status = file.write(stream, xfer, EET_ExplicitLength, nullptr);
        void* data = nullptr;
        offile_off_t length = 0;
        stream.flushBuffer(data, length);
        const auto* begin = static_cast<const std::uint8_t*>(data);
        out.insert(out.end(), begin, begin + length);
    }
    file.transferEnd();
    if (status.bad())
        return syncFail(SyncErrorCode::Library, std::string("DCMTK write: ") + status.text());
    return out;
}

std::string firstValue(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    if (item.findAndGetOFString(tag, value, 0, OFFalse).bad())
        return {};
    std::string s(value.c_str(), value.length());
    const auto first = s.find_first_not_of(" \0", 0, 2);
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(std::string_view(" \0", 2));
    return s.substr(first, last - first + 1);
}

std::optional<std::string> dicomDateToIso(std::string_view da) {
    if (da.size() < 8 || !allDigits(da.substr(0, 8)))
        return std::nullopt;
    const int month = number(da.substr(4, 2));
    const int day = number(da.substr(6, 2));
    if (number(da.substr(0, 4)) < 1 || month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    std::string iso(da.substr(0, 4));
    iso += '-';
    iso += da.substr(4, 2);
    iso += '-';
    iso += da.substr(6, 2);
    return iso;
}

std::optional<std::string> dicomTimeToIso(std::string_view tm) {
    std::string digits;
    for (const char c : tm.substr(0, tm.find('.'))) {
        if (c != ':')
            digits += c;
    }
    if (!allDigits(digits) || digits.size() < 2 || digits.size() > 6 || digits.size() % 2 != 0)
        return std::nullopt;
    std::array<int, 3> parts{0, 0, 0};
    for (std::size_t i = 0; i < digits.size() / 2; ++i)
        parts[i] = number(std::string_view(digits).substr(i * 2, 2));
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60)
        return std::nullopt;
    std::array<char, 9> buf{};
    const auto two = [](char* at, int v) {
        at[0] = static_cast<char>('0' + v / 10);
        at[1] = static_cast<char>('0' + v % 10);
    };
    two(buf.data(), parts[0]);
    buf[2] = ':';
    two(buf.data() + 3, parts[1]);
    buf[5] = ':';
    two(buf.data() + 6, std::min(parts[2], 59));
    return std::string(buf.data(), 8);
}

std::optional<DicomDateTime> isoToDicom(std::string_view iso) {
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        return std::nullopt;
    DicomDateTime out;
    out.date = std::string(iso.substr(0, 4)) + std::string(iso.substr(5, 2)) +
               std::string(iso.substr(8, 2));
    if (!dicomDateToIso(out.date))
        return std::nullopt;
    out.time = "000000";
    if (iso.size() > 10) {
        if ((iso[10] != 'T' && iso[10] != ' ') || iso.size() < 19 || iso[13] != ':' ||
            iso[16] != ':')
            return std::nullopt;
        out.time = std::string(iso.substr(11, 2)) + std::string(iso.substr(14, 2)) +
                   std::string(iso.substr(17, 2));
        if (!dicomTimeToIso(out.time))
            return std::nullopt;
    }
    return out;
}

std::string sanitizeUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8Length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string cleanValue(std::string_view text, std::size_t maxBytes) {
    const std::string valid = sanitizeUtf8(text);
    std::string out;
    for (std::size_t i = 0; i < valid.size();) {
        const std::size_t n = utf8Length(valid, i);
        if (out.size() + n > maxBytes)
            break;
        const char c = valid[i];
        if (n == 1 && (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F))
            out += ' ';
        else
            out.append(valid, i, n);
        i += n;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace cicatrix::sync::detail
