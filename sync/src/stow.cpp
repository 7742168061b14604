// The request body is built by multipart.cpp; the answer is read with nlohmann::json.
#include "sync/stow.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <set>

#include "sync/multipart.hpp"
#include "sync/qido.hpp"

namespace cicatrix::sync {

namespace {

constexpr std::string_view kReferencedSops = "00081199";
constexpr std::string_view kFailedSops = "00081198";
constexpr std::string_view kReferencedSopUid = "00081155";
constexpr std::string_view kFailureReason = "00081197";

// A boundary that occurs in none of the parts.
std::string boundaryFor(std::span<const StowInstance> instances) {
    static std::atomic<unsigned> counter{0};
    while (true) {
        const std::string boundary =
            fmt::format("cicatrix-stow-{:08x}-{}", counter.fetch_add(1), instances.size());
        const bool unique = std::ranges::none_of(instances, [&](const StowInstance& i) {
            return i.dicom.find(boundary) != std::string::npos;
        });
        if (unique)
            return boundary;
    }
}

// The items of a sequence attribute in a DICOM JSON object, or an empty list.
const nlohmann::json& items(const nlohmann::json& object, std::string_view tagKey) {
    static const nlohmann::json kNone = nlohmann::json::array();
    const auto attribute = object.find(std::string(tagKey));
    if (attribute == object.end() || !attribute->is_object())
        return kNone;
    const auto value = attribute->find("Value");
    return value != attribute->end() && value->is_array() ? *value : kNone;
}

std::string firstString(const nlohmann::json& item, std::string_view tagKey) {
    const auto& values = items(item, tagKey);
    return !values.empty() && values.front().is_string() ? values.front().get<std::string>()
                                                         : std::string{};
}

}  // namespace

SyncResult<void> storeInstances(HttpClient& client, std::string_view root,
                                std::span<const StowInstance> instances, std::stop_token stop,
                                const HttpProgress& progress) {
    if (instances.empty())
        return {};
    std::vector<MultipartPart> parts;
    for (const StowInstance& instance : instances) {
        if (!isValidUid(instance.sopInstanceUid)) {
            return syncFail(SyncErrorCode::InvalidInput,
                            "invalid SOP Instance UID: " + instance.sopInstanceUid);
        }
        parts.push_back({"application/dicom", instance.dicom});
    }
    const std::string boundary = boundaryFor(instances);
    std::string url(root);
    while (url.ends_with('/')) url.pop_back();
    auto response = requireSuccess(
        client.send({"POST",
                     url + "/studies",
                     {{"Content-Type",
                       "multipart/related; type=\"application/dicom\"; boundary=" + boundary},
                      {"Accept", "application/dicom+json"}},
                     buildMultipart(parts, boundary)},
                    stop, progress),
        "STOW-RS store");
    if (!response)
        return std::unexpected(response.error());
    const auto answer = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (answer.is_discarded() || !answer.is_object()) {
        return syncFail(SyncErrorCode::Malformed, "the STOW-RS answer is not a DICOM JSON object");
    }
    std::set<std::string> stored;
    for (const auto& item : items(answer, kReferencedSops))
        stored.insert(firstString(item, kReferencedSopUid));
    std::map<std::string, std::string> failed;
    for (const auto& item : items(answer, kFailedSops)) {
        failed[firstString(item, kReferencedSopUid)] = firstString(item, kFailureReason);
    }
    for (const StowInstance& instance : instances) {
        if (const auto it = failed.find(instance.sopInstanceUid); it != failed.end()) {
            return syncFail(SyncErrorCode::HttpStatus,
                            fmt::format("the server refused instance {} (failure reason {})",
                                        instance.sopInstanceUid,
                                        it->second.empty() ? "not given" : it->second));
        }
        if (!stored.contains(instance.sopInstanceUid)) {
            return syncFail(SyncErrorCode::Malformed,
                            fmt::format("the server did not confirm storing instance {}",
                                        instance.sopInstanceUid));
        }
    }
    return {};
}

}  // namespace cicatrix::sync
