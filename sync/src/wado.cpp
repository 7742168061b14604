// WADO-RS URLs from validated UIDs only; multipart answers parsed by multipart.cpp.
#include "sync/wado.hpp"

#include <fmt/format.h>

#include "sync/multipart.hpp"

namespace cicatrix::sync {

namespace {
std::string trimmed(std::string_view root) {
    std::string out(root);
    while (out.ends_with('/')) out.pop_back();
    return out;
}

bool isDicomPart10(std::string_view bytes) {
    return bytes.size() > 132 && bytes.substr(128, 4) == "DICM";
}
}  // namespace

SyncResult<std::string> retrieveInstance(HttpClient& client, std::string_view root,
                                         const InstanceRef& instance, std::stop_token stop,
                                         const HttpProgress& progress) {
    for (const std::string& uid :
         {instance.studyUid, instance.seriesUid, instance.sopInstanceUid}) {
        if (!isValidUid(uid))
            return syncFail(SyncErrorCode::InvalidInput, "invalid UID: \"" + uid + "\"");
    }
    const std::string url =
        fmt::format("{}/studies/{}/series/{}/instances/{}", trimmed(root), instance.studyUid,
                    instance.seriesUid, instance.sopInstanceUid);
    auto response = requireSuccess(
        client.send(
            {"GET",
             url,
             {{"Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*"}},
             {}},
            stop, progress),
        "WADO-RS retrieve");
    if (!response)
        return std::unexpected(response.error());
    const std::string contentType = response->header("Content-Type");
    const auto boundary = multipartBoundary(contentType);
    if (!boundary) {
        return syncFail(
            SyncErrorCode::Malformed,
            fmt::format("WADO-RS answered with content type \"{}\", not multipart DICOM",
                        contentType));
    }
    auto parts = parseMultipart(response->body, *boundary);
    if (!parts)
        return std::unexpected(parts.error());
    if (parts->size() != 1) {
        return syncFail(SyncErrorCode::Malformed,
                        fmt::format("WADO-RS sent {} parts for one instance", parts->size()));
    }
    if (!isDicomPart10(parts->front().body)) {
        return syncFail(SyncErrorCode::Malformed,
                        "WADO-RS sent something that is not a DICOM file");
    }
    return std::move(parts->front().body);
}

SyncResult<std::vector<DicomAttributes>> retrieveSeriesMetadata(HttpClient& client,
                                                                std::string_view root,
                                                                std::string_view studyUid,
                                                                std::string_view seriesUid,
                                                                std::stop_token stop) {
    if (!isValidUid(studyUid) || !isValidUid(seriesUid)) {
        return syncFail(SyncErrorCode::InvalidInput, "invalid study or series UID");
    }
    const std::string url =
        fmt::format("{}/studies/{}/series/{}/metadata", trimmed(root), studyUid, seriesUid);
    auto response =
        requireSuccess(client.send({"GET", url, {{"Accept", "application/dicom+json"}}, {}}, stop),
                       "WADO-RS metadata");
    if (!response)
        return std::unexpected(response.error());
    return parseDicomJson(response->body);
}

}  // namespace cicatrix::sync
