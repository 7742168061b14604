// The edit journal's byte format (private to annotate/): record framing with length and zlib
// CRC32, and the header, edit and marker payloads (see edit_journal.hpp for the layout).
// Thread-safe (pure functions over buffers).
#pragma once

#include <array>
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "annotate/undo_stack.hpp"

namespace cicatrix::annotate::journal {

inline constexpr std::array<char, 8> kMagic{'C', 'I', 'C', 'J', 'R', 'N', 'L', '\n'};
inline constexpr std::size_t kFrameBytes = 8;  // u32 length + u32 crc32

enum class RecordType : std::uint8_t { Header = 1, Edit = 2, Undo = 3, Redo = 4 };

struct Header {
    std::uint32_t version = 0;
    std::string baseId;
    cv::Size size;
    UndoLimits limits;
};

struct EditRecord {
    std::string name;
    cv::Rect rect;
    cv::Mat after;  // CV_8UC1, rect.size()
};

[[nodiscard]] std::string encodeHeader(const Header& header);
// Compresses the patch (zlib, fast level); `after` must be CV_8UC1 of rect.size().
[[nodiscard]] std::string encodeEdit(std::string_view name, const cv::Rect& rect,
                                     const cv::Mat& after);
[[nodiscard]] std::string encodeMarker(RecordType type);

// Appends the framed record (length, crc32, payload) to `out`.
void appendRecord(std::string& out, std::string_view payload);

[[nodiscard]] std::optional<RecordType> recordType(std::string_view payload);
[[nodiscard]] std::optional<Header> decodeHeader(std::string_view payload);
// nullopt when the payload does not parse or the patch does not decompress to rect.size().
[[nodiscard]] std::optional<EditRecord> decodeEdit(std::string_view payload);

// Walks the framed records of a journal file (after the magic). next() returns each complete
// record whose CRC matches; it stops (nullopt) at the end or at the first torn/corrupt frame,
// after which torn() tells which and offset() is where the good records end.
class RecordReader {
  public:
    explicit RecordReader(std::string_view file);
    [[nodiscard]] bool magicOk() const { return m_magicOk; }
    [[nodiscard]] std::optional<std::string_view> next();
    [[nodiscard]] bool torn() const { return m_torn; }
    [[nodiscard]] std::size_t offset() const { return m_offset; }

  private:
    std::string_view m_file;
    std::size_t m_offset = 0;
    bool m_magicOk = false;
    bool m_torn = false;
};

}  // namespace cicatrix::annotate::journal
