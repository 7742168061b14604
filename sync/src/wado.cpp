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

SyncResult<HttpRequest> instanceRequest(std::string_view root, const InstanceRef& instance) {
    for (const std::string& uid :
         {instance.studyUid, instance.seriesUid, instance.sopInstanceUid}) {
        if (!isValidUid(uid))
            return syncFail(SyncErrorCode::InvalidInput, "invalid UID: \"" + uid + "\"");
    }
    return HttpRequest{
        "GET",
        fmt::format("{}/studies/{}/series/{}/instances/{}", trimmed(root), instance.studyUid,
                    instance.seriesUid, instance.sopInstanceUid),
        {{"Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*"}},
        {}};
}

SyncResult<std::string> instanceFromResponse(SyncResult<HttpResponse> answer) {
    auto response = requireSuccess(std::move(answer), "WADO-RS retrieve");
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

SyncResult<std::string> retrieveInstance(HttpClient& client, std::string_view root,
                                         const InstanceRef& instance, std::stop_token stop,
                                         const HttpProgress& progress) {
    auto request = instanceRequest(root, instance);
    if (!request)
        return std::unexpected(request.error());
    return instanceFromResponse(client.send(*request, stop, progress));
}

std::vector<SyncResult<std::string>> retrieveInstances(HttpClient& client, std::string_view root,
                                                       std::span<const InstanceRef> instances,
                                                       int parallel, std::stop_token stop) {
    std::vector<SyncResult<std::string>> out(instances.size(),
                                             syncFail(SyncErrorCode::InvalidInput, ""));
    std::vector<HttpRequest> requests;
    std::vector<std::size_t> sentIndex;
    for (std::size_t i = 0; i < instances.size(); ++i) {
        auto request = instanceRequest(root, instances[i]);
        if (!request) {
            out[i] = std::unexpected(request.error());
            continue;
        }
        requests.push_back(std::move(*request));
        sentIndex.push_back(i);
    }
    auto answers = client.sendAll(requests, parallel, stop);
    for (std::size_t k = 0; k < answers.size(); ++k)
        out[sentIndex[k]] = instanceFromResponse(std::move(answers[k]));
    return out;
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
