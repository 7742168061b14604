// QIDO-RS URLs, DICOM JSON parsing with nlohmann::json (no exceptions escape), paging.
#include "sync/qido.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace cicatrix::sync {

namespace {

std::string escape(std::string_view text) {
    char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
    std::string out = escaped != nullptr ? escaped : "";
    curl_free(escaped);
    return out;
}

// The values of one DICOM JSON attribute as text.
std::optional<std::vector<std::string>> valuesOf(const nlohmann::json& attribute) {
    if (!attribute.is_object())
        return std::nullopt;
    std::vector<std::string> out;
    const auto value = attribute.find("Value");
    if (value == attribute.end())
        return out;  // present, empty
    if (!value->is_array())
        return std::nullopt;
    for (const auto& v : *value) {
        if (v.is_string()) {
            out.push_back(v.get<std::string>());
        } else if (v.is_number_integer()) {
            out.push_back(std::to_string(v.get<long long>()));
        } else if (v.is_number()) {
            out.push_back(fmt::format("{}", v.get<double>()));
        } else if (v.is_object()) {  // PN: {"Alphabetic": ...}; sequences are not flattened
            const auto alphabetic = v.find("Alphabetic");
            out.push_back(alphabetic != v.end() && alphabetic->is_string()
                              ? alphabetic->get<std::string>()
                              : "");
        } else if (v.is_null()) {
            out.emplace_back();
        } else {
            return std::nullopt;
        }
    }
    return out;
}

bool isDicomJson(std::string_view contentType) {
    std::string lower(contentType);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.starts_with("application/dicom+json") || lower.starts_with("application/json");
}

}  // namespace

std::optional<std::string> DicomAttributes::first(std::string_view tagKey) const {
    const auto it = values.find(std::string(tagKey));
    if (it == values.end() || it->second.empty())
        return std::nullopt;
    return it->second.front();
}

bool isValidUid(std::string_view uid) {
    if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.')
        return false;
    char previous = '\0';
    for (const char c : uid) {
        if (!(c == '.' || (c >= '0' && c <= '9')))
            return false;
        if (c == '.' && previous == '.')
            return false;
        previous = c;
    }
    return true;
}

SyncResult<std::vector<DicomAttributes>> parseDicomJson(std::string_view body) {
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_array()) {
        return syncFail(SyncErrorCode::Malformed, "the server's answer is not a DICOM JSON array");
    }
    std::vector<DicomAttributes> out;
    for (const auto& object : json) {
        if (!object.is_object())
            return syncFail(SyncErrorCode::Malformed, "a DICOM JSON match is not an object");
        DicomAttributes attributes;
        for (const auto& [key, attribute] : object.items()) {
            auto values = valuesOf(attribute);
            if (!values)
                return syncFail(SyncErrorCode::Malformed, "malformed DICOM JSON attribute " + key);
            attributes.values.emplace(key, std::move(*values));
        }
        for (const std::string_view uidTag :
             {tag::kStudyUid, tag::kSeriesUid, tag::kSopInstanceUid}) {
            if (const auto uid = attributes.first(uidTag); uid && !isValidUid(*uid)) {
                return syncFail(
                    SyncErrorCode::Malformed,
                    fmt::format("the server sent an invalid UID in {}: \"{}\"", uidTag, *uid));
            }
        }
        out.push_back(std::move(attributes));
    }
    return out;
}

SyncResult<std::vector<DicomAttributes>> qidoSearch(HttpClient& client, std::string_view root,
                                                    const QidoQuery& query, int pageSize,
                                                    std::stop_token stop) {
    for (const std::string& uid : {query.studyUid, query.seriesUid}) {
        if (!uid.empty() && !isValidUid(uid))
            return syncFail(SyncErrorCode::InvalidInput, "invalid UID: " + uid);
    }
    std::string path(root);
    while (path.ends_with('/')) path.pop_back();
    if (!query.studyUid.empty())
        path += "/studies/" + query.studyUid;
    if (!query.seriesUid.empty())
        path += "/series/" + query.seriesUid;
    path += query.level == QidoQuery::Level::Studies  ? (query.studyUid.empty() ? "/studies" : "")
            : query.level == QidoQuery::Level::Series ? "/series"
                                                      : "/instances";
    std::string parameters;
    for (const auto& [key, value] : query.filters)
        parameters += "&" + escape(key) + "=" + escape(value);
    for (const std::string& field : query.includeFields)
        parameters += "&includefield=" + escape(field);
    pageSize = std::max(1, pageSize);
    std::vector<DicomAttributes> all;
    for (int offset = 0;; offset += pageSize) {
        const std::string url =
            fmt::format("{}?limit={}&offset={}{}", path, pageSize, offset, parameters);
        auto response = requireSuccess(
            client.send({"GET", url, {{"Accept", "application/dicom+json"}}, {}}, stop),
            "QIDO-RS search");
        if (!response)
            return std::unexpected(response.error());
        if (response->status == 204 || response->body.empty())
            break;  // no (more) matches
        if (!isDicomJson(response->header("Content-Type"))) {
            return syncFail(SyncErrorCode::Malformed,
                            fmt::format("QIDO-RS answered with content type \"{}\", not DICOM JSON",
                                        response->header("Content-Type")));
        }
        auto page = parseDicomJson(response->body);
        if (!page)
            return std::unexpected(page.error());
        const auto count = static_cast<int>(page->size());
        std::ranges::move(*page, std::back_inserter(all));
        if (count < pageSize)
            break;
    }
    return all;
}

}  // namespace cicatrix::sync
