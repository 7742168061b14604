// WADO-RS (DICOM PS3.18 §10.4): one instance as its original DICOM bytes — asked with
// `transfer-syntax=*`, so a photo's JPEG comes back as stored, never transcoded — and the
// metadata of a study or series as DICOM JSON. The answer's framing and content type are
// checked; the DICOM bytes must carry the "DICM" preamble. Thread rule: as its HttpClient.
#pragma once

#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "sync/http_client.hpp"
#include "sync/qido.hpp"

namespace cicatrix::sync {

struct InstanceRef {
    std::string studyUid, seriesUid, sopInstanceUid;
};

// The instance's DICOM Part 10 bytes.
[[nodiscard]] SyncResult<std::string> retrieveInstance(HttpClient& client, std::string_view root,
                                                       const InstanceRef& instance,
                                                       std::stop_token stop = {},
                                                       const HttpProgress& progress = {});

// Many instances with at most `parallel` requests in flight over reused connections; results in
// the same order (each instance's bytes or why it failed).
[[nodiscard]] std::vector<SyncResult<std::string>> retrieveInstances(
    HttpClient& client, std::string_view root, std::span<const InstanceRef> instances, int parallel,
    std::stop_token stop = {});

// The request for one instance (InvalidInput for an invalid UID), and the checks of its answer.
[[nodiscard]] SyncResult<HttpRequest> instanceRequest(std::string_view root,
                                                      const InstanceRef& instance);
[[nodiscard]] SyncResult<std::string> instanceFromResponse(SyncResult<HttpResponse> answer);

// The metadata (every attribute, sequences included) of each instance of a series.
[[nodiscard]] SyncResult<std::vector<DicomAttributes>> retrieveSeriesMetadata(
    HttpClient& client, std::string_view root, std::string_view studyUid,
    std::string_view seriesUid, std::stop_token stop = {});

}  // namespace cicatrix::sync
