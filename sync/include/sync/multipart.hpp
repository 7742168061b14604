// multipart/related bodies (RFC 2387) as DICOMweb uses them: WADO-RS answers carry one part per
// instance, STOW-RS requests one part per instance to store. Parsing checks the framing (the
// closing delimiter must be there: an answer cut short is refused, not half-used).
// Thread-safe (pure).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/sync_error.hpp"

namespace cicatrix::sync {

struct MultipartPart {
    std::string contentType;  // the part's Content-Type, if it has one
    std::string body;
};

// The `boundary` parameter of a multipart Content-Type (quoted or not); nullopt when the type is
// not multipart or has no boundary.
[[nodiscard]] std::optional<std::string> multipartBoundary(std::string_view contentType);

// The parts of a multipart body delimited by `boundary`. Malformed when the framing is wrong,
// Truncated when the closing delimiter is missing.
[[nodiscard]] SyncResult<std::vector<MultipartPart>> parseMultipart(std::string_view body,
                                                                    std::string_view boundary);

// A multipart body of `parts` with the given boundary (which must not occur in any part).
[[nodiscard]] std::string buildMultipart(const std::vector<MultipartPart>& parts,
                                         std::string_view boundary);

}  // namespace cicatrix::sync
