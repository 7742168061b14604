// QIDO enumeration of what a server holds in a sync scope: studies (per PatientID, or all), then
// each study's instances, page by page. Used for the first sync, for reconciliation (deletions)
// and as the discovery for servers without a change feed.
#include <fmt/format.h>

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
    std::vector<RemoteInstance> out;
    std::size_t done = 0;
    for (const DicomAttributes& study : *studies) {
        const auto studyUid = study.first(tag::kStudyUid);
        const auto patientId = study.first(tag::kPatientId);
        if (!studyUid || !patientId) {
            s.report.errors.push_back("a study without StudyInstanceUID or PatientID was skipped");
            continue;
        }
        QidoQuery q;
        q.level = QidoQuery::Level::Instances;
        q.studyUid = *studyUid;
        q.includeFields = {std::string(tag::kSeriesUid), std::string(tag::kSopClassUid)};
        auto instances = s.retrying([&] { return qidoSearch(s.client, s.root, q, 500, s.stop); });
        if (!instances)
            return std::unexpected(instances.error());
        for (const DicomAttributes& i : *instances) {
            const auto series = i.first(tag::kSeriesUid);
            const auto sop = i.first(tag::kSopInstanceUid);
            if (!series || !sop) {
                s.report.errors.push_back(fmt::format(
                    "an instance of study {} without series or SOP Instance UID was skipped",
                    *studyUid));
                continue;
            }
            out.push_back(RemoteInstance{
                {*studyUid, *series, *sop}, *patientId, i.first(tag::kSopClassUid).value_or("")});
        }
        s.reportProgress(SyncProgress::Phase::Discovering, ++done, studies->size());
    }
    return out;
}

}  // namespace cicatrix::sync
