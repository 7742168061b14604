// STOW-RS (DICOM PS3.18 §10.5): stores instances with one multipart/related POST. A 200 is not
// trusted on its own (Orthanc answers 200 to a badly framed body, with empty sequences): every
// SOP Instance UID sent must be in the answer's ReferencedSOPSequence (0008,1199) and none in its
// FailedSOPSequence (0008,1198), else the failure is reported with the server's reason.
// Thread rule: as its HttpClient.
#pragma once

#include <span>
#include <stop_token>
#include <string>
#include <string_view>

#include "sync/http_client.hpp"

namespace cicatrix::sync {

struct StowInstance {
    std::string sopInstanceUid;
    std::string dicom;  // Part 10 bytes
};

[[nodiscard]] SyncResult<void> storeInstances(HttpClient& client, std::string_view root,
                                              std::span<const StowInstance> instances,
                                              std::stop_token stop = {},
                                              const HttpProgress& progress = {});

}  // namespace cicatrix::sync
