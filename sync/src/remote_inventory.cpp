// QIDO enumeration of what a server holds in a sync scope: studies (per PatientID, or all), then
// each study's instances, page by page. Used for the first sync, for reconciliation (deletions)
// and as the discovery for servers without a change feed.
#include <fmt/format.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "sync/qido.hpp"
#include "sync_session.hpp"

namespace cicatrix::sync {

namespace {
constexpr std::string_view kNumberOfStudyInstances = "00201208";

SyncResult<std::vector<DicomAttributes>> studiesInScope(SyncSession& s) {
    std::vector<DicomAttributes> studies;
    std::vector<std::string> patients = s.server.patientIds;
    if (s.server.allPatients)
        patients = {""};
    for (const std::string& patient : patients) {
        QidoQuery q;
        q.level = QidoQuery::Level::Studies;
        if (!patient.empty())
            q.filters.emplace_back(std::string(tag::kPatientId), patient);
        q.includeFields = {std::string(tag::kPatientId), std::string(kNumberOfStudyInstances)};
        auto page = s.retrying([&] { return qidoSearch(s.client, s.root, q, 500, s.stop); });
        if (!page)
            return std::unexpected(page.error());
        for (DicomAttributes& study : *page) {
            // A server that ignores the PatientID filter must not leak other folders in.
            if (!patient.empty() && study.first(tag::kPatientId) != patient)
                continue;
            studies.push_back(std::move(study));
        }
    }
    return studies;
}
}  // namespace

SyncResult<std::vector<RemoteInstance>> listRemoteInstances(SyncSession& s) {
    auto studies = studiesInScope(s);
    if (!studies)
        return std::unexpected(studies.error());
    // Each study's instances, several studies at a time (one connection per querying thread).
    const std::size_t count = studies->size();
    std::vector<SyncResult<std::vector<DicomAttributes>>> answers(count,
                                                                  std::vector<DicomAttributes>{});
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex progressMutex;
    auto work = [&](HttpClient& client) {
        for (std::size_t i = next++; i < count; i = next++) {
            const auto studyUid = (*studies)[i].first(tag::kStudyUid);
            if (!studyUid || !(*studies)[i].first(tag::kPatientId))
                continue;  // reported below
            QidoQuery q;
            q.level = QidoQuery::Level::Instances;
            q.studyUid = *studyUid;
            q.includeFields = {std::string(tag::kSeriesUid), std::string(tag::kSopClassUid)};
            answers[i] = s.retrying([&] { return qidoSearch(client, s.root, q, 500, s.stop); });
            std::scoped_lock lock(progressMutex);
            s.reportProgress(SyncProgress::Phase::Discovering, ++done, count);
        }
    };
    {
        const std::size_t threads =
            std::min<std::size_t>(count, static_cast<std::size_t>(std::max(1, s.options.parallel)));
        std::vector<std::unique_ptr<HttpClient>> clients;
        std::vector<std::jthread> workers;
        for (std::size_t t = 1; t < threads; ++t) {
            clients.push_back(std::make_unique<HttpClient>(s.client.options()));
            workers.emplace_back([&, c = clients.back().get()] { work(*c); });
        }
        work(s.client);
    }
    std::vector<RemoteInstance> out;
    for (std::size_t i = 0; i < count; ++i) {
        const DicomAttributes& study = (*studies)[i];
        const auto studyUid = study.first(tag::kStudyUid);
        const auto patientId = study.first(tag::kPatientId);
        if (!studyUid || !patientId) {
            s.report.errors.push_back("a study without StudyInstanceUID or PatientID was skipped");
            continue;
        }
        if (!answers[i])
            return std::unexpected(answers[i].error());
        for (const DicomAttributes& instance : *answers[i]) {
            const auto series = instance.first(tag::kSeriesUid);
            const auto sop = instance.first(tag::kSopInstanceUid);
            if (!series || !sop) {
                s.report.errors.push_back(fmt::format(
                    "an instance of study {} without series or SOP Instance UID was skipped",
                    *studyUid));
                continue;
            }
            out.push_back(RemoteInstance{{*studyUid, *series, *sop},
                                         *patientId,
                                         instance.first(tag::kSopClassUid).value_or("")});
        }
    }
    return out;
}

}  // namespace cicatrix::sync
