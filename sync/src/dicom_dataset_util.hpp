// Private helpers of the DICOM codec (sync/src only): Part 10 files to and from memory with DCMTK,
// attribute text, DICOM dates and times to and from ISO 8601, value clean-up before writing.
// Thread-safe (no shared state; DCMTK's data dictionary is loaded once, read-only afterwards).
#pragma once

#include "dcmtk/config/osconfig.h"  // first, before any other DCMTK header
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcxfer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sync/sync_error.hpp"

namespace cicatrix::sync::detail {

// A Part 10 file (with the 128-byte preamble, or starting at "DICM") or a bare dataset read from
// memory. Malformed when DCMTK cannot parse all of it (not DICOM, cut short).
[[nodiscard]] SyncResult<std::unique_ptr<DcmFileFormat>> readPart10(
    std::span<const std::uint8_t> bytes);

// The file with a fresh meta header (preamble, "DICM") in `xfer` (explicit length items).
[[nodiscard]] SyncResult<std::vector<std::uint8_t>> writePart10(DcmFileFormat& file,
                                                                E_TransferSyntax xfer);

// Library when DCMTK's data dictionary is not loaded (the Debian package's dicom.dic).
[[nodiscard]] SyncResult<void> requireDictionary();

// The first value of `tag` in `item` (not searched into sequences), blanks trimmed; "" if absent.
[[nodiscard]] std::string firstValue(DcmItem& item, const DcmTagKey& tag);

// "YYYYMMDD" (a DA, or the start of a DT) → "YYYY-MM-DD"; nullopt when not a real date.
[[nodiscard]] std::optional<std::string> dicomDateToIso(std::string_view da);
// "HH", "HHMM", "HHMMSS", "HHMMSS.ffffff" (or the old "HH:MM:SS") → "HH:MM:SS"; nullopt if bad.
[[nodiscard]] std::optional<std::string> dicomTimeToIso(std::string_view tm);

struct DicomDateTime {
    std::string date;  // YYYYMMDD
    std::string time;  // HHMMSS
};
// "YYYY-MM-DDTHH:MM:SS" (or a space instead of T, or a date alone) → DA and TM values.
[[nodiscard]] std::optional<DicomDateTime> isoToDicom(std::string_view iso);

// Valid UTF-8 (an invalid byte becomes U+FFFD); used when a character set cannot be converted.
[[nodiscard]] std::string sanitizeUtf8(std::string_view text);

// A value safe to write into a string attribute: no backslash (the value delimiter) and no control
// characters, at most `maxBytes` bytes without cutting a UTF-8 sequence.
[[nodiscard]] std::string cleanValue(std::string_view text, std::size_t maxBytes = 64);

}  // namespace cicatrix::sync::detail
