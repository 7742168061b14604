// Orthanc's change feed (GET /changes?since=N: NewInstance entries with Orthanc ids, an exclusive
// cursor, Done/Last). The REST root is the DICOMweb root without its "/dicom-web" suffix. New
// instances are resolved to their UIDs (instance → series → study, each resource asked once) and
// kept when their PatientID is in the server's scope. Deletions leave no trace in the feed: a
// periodic full reconciliation finds them.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "library/sync_state_repository.hpp"
#include "sync/qido.hpp"
#include "sync_session.hpp"

namespace cicatrix::sync {

namespace {
constexpr std::string_view kDicomWebSuffix = "/dicom-web";
constexpr int kPageSize = 1000;

std::optional<std::string> restRoot(const std::string& root) {
    if (!root.ends_with(kDicomWebSuffix))
        return std::nullopt;
    return root.substr(0, root.size() - kDicomWebSuffix.size());
}

// An Orthanc resource id: hex groups and dashes only (it goes into a URL path).
bool isOrthancId(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::ranges::all_of(id, [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
    });
}

SyncResult<nlohmann::json> getJson(SyncSession& s, const std::string& url) {
    auto response = s.retrying([&] {
        return requireSuccess(
            s.client.send({"GET", url, {{"Accept", "application/json"}}, {}}, s.stop),
            "Orthanc REST");
    });
    if (!response)
        return std::unexpected(response.error());
    s.report.bytesReceived += response->body.size();
    auto json = nlohmann::json::parse(response->body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return syncFail(SyncErrorCode::Malformed, url + " did not answer a JSON object");
    return json;
}

std::string text(const nlohmann::json& object, std::string_view key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string mainTag(const nlohmann::json& object, std::string_view group, std::string_view key) {
    const auto it = object.find(group);
    return it != object.end() && it->is_object() ? text(*it, key) : std::string();
}
}  // namespace

SyncResult<std::optional<std::int64_t>> probeChangeFeed(SyncSession& s) {
    const auto rest = restRoot(s.root);
    if (!rest)
        return std::optional<std::int64_t>{};
    auto response = s.retrying([&] {
        return s.client.send({"GET", *rest + "/changes?last", {}, {}}, s.stop);
    });
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 401 || response->status == 403)
        return std::unexpected(requireSuccess(std::move(*response), "Orthanc changes").error());
    if (response->status != 200)
        return std::optional<std::int64_t>{};  // not Orthanc, or its REST API is not exposed
    auto json = nlohmann::json::parse(response->body, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("Last") ||
        !json["Last"].is_number_integer())
        return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{json["Last"].get<std::int64_t>()};
}

SyncResult<ChangeFeedResult> readChangeFeed(SyncSession& s, std::int64_t since) {
    const std::string rest = *restRoot(s.root);
    ChangeFeedResult result;
    result.last = since;
    std::vector<std::string> newInstances;
    for (;;) {
        auto page =
            getJson(s, fmt::format("{}/changes?since={}&limit={}", rest, result.last, kPageSize));
        if (!page)
            return std::unexpected(page.error());
        const auto changes = page->find("Changes");
        if (changes == page->end() || !changes->is_array() || !page->contains("Last") ||
            !(*page)["Last"].is_number_integer())
            return syncFail(SyncErrorCode::Malformed, "Orthanc's /changes answer is malformed");
        for (const auto& change : *changes) {
            if (!change.is_object())
                continue;
            if (text(change, "ChangeType") == "NewInstance" && isOrthancId(text(change, "ID")))
                newInstances.push_back(text(change, "ID"));
        }
        const std::int64_t last = (*page)["Last"].get<std::int64_t>();
        const bool done = page->value("Done", true);
        if (last <= result.last && !done)
            return syncFail(SyncErrorCode::Malformed, "Orthanc's change feed does not advance");
        result.last = std::max(result.last, last);
        if (done)
            break;
    }
    // Resolve each new instance: its SOP Instance UID and parent series (parallel requests).
    std::vector<HttpRequest> requests;
    for (const std::string& id : newInstances)
        requests.push_back(
            {"GET", rest + "/instances/" + id, {{"Accept", "application/json"}}, {}});
    auto answers = s.client.sendAll(requests, s.options.parallel, s.stop);
    std::map<std::string, std::pair<std::string, std::string>> seriesCache;  // id → (uid, study)
    std::map<std::string, std::pair<std::string, std::string>> studyCache;  // id → (uid, patient)
    std::set<std::string> inScope(s.server.patientIds.begin(), s.server.patientIds.end());
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (!answers[i])
            return std::unexpected(answers[i].error());
        if (answers[i]->status == 404)
            continue;  // deleted since it was announced
        auto ok = requireSuccess(std::move(answers[i]), "Orthanc instance");
        if (!ok)
            return std::unexpected(ok.error());
        s.report.bytesReceived += ok->body.size();
        auto instance = nlohmann::json::parse(ok->body, nullptr, false);
        if (instance.is_discarded() || !instance.is_object())
            return syncFail(SyncErrorCode::Malformed, "Orthanc sent a malformed instance");
        const std::string sop = mainTag(instance, "MainDicomTags", "SOPInstanceUID");
        const std::string seriesId = text(instance, "ParentSeries");
        if (!isValidUid(sop) || !isOrthancId(seriesId)) {
            s.report.errors.push_back("a new instance without a valid UID or series was skipped");
            continue;
        }
        if (!seriesCache.contains(seriesId)) {
            auto series = getJson(s, rest + "/series/" + seriesId);
            if (!series)
                return std::unexpected(series.error());
            seriesCache[seriesId] = {mainTag(*series, "MainDicomTags", "SeriesInstanceUID"),
                                     text(*series, "ParentStudy")};
        }
        const auto& [seriesUid, studyId] = seriesCache[seriesId];
        if (!isOrthancId(studyId))
            continue;
        if (!studyCache.contains(studyId)) {
            auto study = getJson(s, rest + "/studies/" + studyId);
            if (!study)
                return std::unexpected(study.error());
            studyCache[studyId] = {mainTag(*study, "MainDicomTags", "StudyInstanceUID"),
                                   mainTag(*study, "PatientMainDicomTags", "PatientID")};
        }
        const auto& [studyUid, patientId] = studyCache[studyId];
        if (!isValidUid(seriesUid) || !isValidUid(studyUid) || patientId.empty()) {
            s.report.errors.push_back("instance " + sop + " has an invalid series or study");
            continue;
        }
        if (!s.server.allPatients && !inScope.contains(patientId))
            continue;
        result.instances.push_back(RemoteInstance{{studyUid, seriesUid, sop}, patientId, ""});
    }
    return result;
}

}  // namespace cicatrix::sync
