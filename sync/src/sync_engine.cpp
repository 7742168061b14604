// syncWithServer: credentials → discovery (change feed, or a full QIDO enumeration that also
// reconciles deletions) → pull → cursor saved → push → per-patient and per-server state.
#include "sync/sync_engine.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <set>

#include "library/dates.hpp"
#include "library/patient_repository.hpp"
#include "library/sync_server_repository.hpp"
#include "library/sync_state_repository.hpp"
#include "sync/credentials.hpp"
#include "sync_session.hpp"

namespace cicatrix::sync {

namespace lib = cicatrix::library;

namespace {


// True when `iso` (as utcTimestamp writes it) is older than `age`.
bool olderThan(const std::optional<std::string>& iso, std::chrono::hours age) {
    if (!iso)
        return true;
    std::tm tm{};
    if (strptime(iso->c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr)
        return true;
    const std::time_t then = timegm(&tm);
    return std::time(nullptr) - then >
           std::chrono::duration_cast<std::chrono::seconds>(age).count();
}

SyncResult<lib::SyncServer> loadServer(lib::Library& library, const std::string& name) {
    auto server = library.withReader(
        [&](SQLite::Database& db) -> lib::Result<std::optional<lib::SyncServer>> {
            return lib::SyncServerRepository(db).findByName(name);
        });
    if (!server)
        return syncFail(SyncErrorCode::Library, server.error().message);
    if (!*server)
        return syncFail(SyncErrorCode::InvalidInput,
                        "no server named \"" + name + "\" in this library");
    return **server;
}

SyncResult<HttpOptions> httpOptionsFor(const lib::SyncServer& server, HttpOptions http) {
    http.auth = {};
    if (server.authKind == "none")
        return http;
    if (!server.credentialSource)
        return syncFail(SyncErrorCode::InvalidInput,
                        "server \"" + server.name + "\" has no credential source");
    auto secret = readSecret(*server.credentialSource);
    if (!secret)
        return std::unexpected(secret.error());
    http.auth.kind = server.authKind == "bearer" ? HttpAuth::Kind::Bearer : HttpAuth::Kind::Basic;
    http.auth.user = server.username.value_or("");
    http.auth.secret = std::move(*secret);
    return http;
}

std::string trimmedRoot(std::string url) {
    while (url.ends_with('/')) url.pop_back();
    return url;
}

// The patient folders this server syncs: its list, or every patient known locally or on it.
std::set<std::string> scopePatients(SQLite::Database& db, const lib::SyncServer& server) {
    if (!server.allPatients)
        return {server.patientIds.begin(), server.patientIds.end()};
    std::set<std::string> out;
    for (const auto& p : lib::PatientRepository(db).list()) out.insert(p.patient.externalId);
    for (const auto& i : lib::SyncStateRepository(db).serverInstances(server.id))
        out.insert(i.patientExternalId);
    return out;
}

// Marks every instance recorded for this server (in scope) that the enumeration did not see.
lib::Result<std::size_t> reconcileDeletions(SyncSession& s,
                                            const std::vector<RemoteInstance>& seen) {
    std::set<std::string> present;
    for (const RemoteInstance& r : seen) present.insert(r.ref.sopInstanceUid);
    std::set<std::string> scope(s.server.patientIds.begin(), s.server.patientIds.end());
    return s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<std::size_t> {
        SQLite::Transaction tx(db);
        lib::SyncStateRepository repo(db);
        std::vector<std::string> gone;
        for (const lib::ServerInstance& i : repo.serverInstances(s.server.id)) {
            if (i.deletedOnServerAt || present.contains(i.sopInstanceUid))
                continue;
            if (!s.server.allPatients && !scope.contains(i.patientExternalId))
                continue;
            gone.push_back(i.sopInstanceUid);
        }
        const int marked = repo.markDeletedOnServer(s.server.id, gone);
        tx.commit();
        return static_cast<std::size_t>(marked);
    });
}

void saveStates(lib::Library& library, const lib::SyncServer& server, lib::ServerSyncState state,
                const std::map<std::string, std::string>& failedPatients,
                const std::optional<SyncError>& whole) {
    (void)library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
        SQLite::Transaction tx(db);
        lib::SyncStateRepository repo(db);
        std::map<std::string, int> queued;  // outbox items per patient
        for (const lib::OutboxItem& item : repo.outbox(server.id, false)) {
            SQLite::Statement q(
                db,
                "SELECT pa.external_id FROM photos p JOIN wounds w ON w.id = "
                "p.wound_id JOIN patients pa ON pa.id = w.patient_id WHERE p.id = ?");
            q.bind(1, item.photoId);
            if (q.executeStep())
                ++queued[q.getColumn(0).getString()];
        }
        for (const std::string& patient : scopePatients(db, server)) {
            if (whole) {
                repo.setPatientState(server.id, patient, lib::PatientSyncState::Failing,
                                     whole->message);
            } else if (auto f = failedPatients.find(patient); f != failedPatients.end()) {
                repo.setPatientState(server.id, patient, lib::PatientSyncState::Failing, f->second);
            } else if (queued.contains(patient)) {
                repo.setPatientState(
                    server.id, patient, lib::PatientSyncState::Pending,
                    fmt::format("{} photo(s) waiting to be sent", queued[patient]));
            } else {
                repo.setPatientState(server.id, patient, lib::PatientSyncState::UpToDate, "");
            }
        }
        state.lastSyncAt = lib::utcTimestamp();
        repo.saveServerState(state);
        tx.commit();
        return {};
    });
}

SyncResult<void> runSync(SyncSession& s, lib::ServerSyncState& state,
                         std::map<std::string, std::string>& failedPatients) {
    s.reportProgress(SyncProgress::Phase::Connecting, 0, 0);
    SyncResult<std::optional<std::int64_t>> feed = std::optional<std::int64_t>{};
    if (s.options.useChangeFeed)
        feed = probeChangeFeed(s);
    if (!feed)
        return std::unexpected(feed.error());
    const bool cursorUsable = *feed && state.changesCursor && *state.changesCursor <= **feed;
    const bool full = s.options.fullReconcile || !cursorUsable ||
                      olderThan(state.lastFullReconcileAt, s.options.reconcileEvery);
    std::vector<RemoteInstance> instances;
    std::optional<std::int64_t> cursor;
    s.reportProgress(SyncProgress::Phase::Discovering, 0, 0);
    if (full) {
        cursor = *feed;  // taken before the enumeration: later changes come next time
        auto listed = listRemoteInstances(s);
        if (!listed)
            return std::unexpected(listed.error());
        instances = std::move(*listed);
        s.report.reconciled = true;
        s.report.remoteInstances = instances.size();
    } else {
        auto changes = readChangeFeed(s, *state.changesCursor);
        if (!changes)
            return std::unexpected(changes.error());
        instances = std::move(changes->instances);
        cursor = changes->last;
        s.report.usedChangesFeed = true;
    }
    if (auto pulled = pullInstances(s, instances, failedPatients); !pulled)
        return pulled;
    if (full) {
        s.reportProgress(SyncProgress::Phase::Reconciling, 0, 0);
        auto marked = reconcileDeletions(s, instances);
        if (!marked)
            return syncFail(SyncErrorCode::Library, marked.error().message);
        s.report.markedDeleted = *marked;
        state.lastFullReconcileAt = lib::utcTimestamp();
    }
    state.changesCursor = cursor;  // everything up to it is in the library now
    (void)s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
        lib::SyncStateRepository(db).saveServerState(state);
        return {};
    });
    return pushOutbox(s, failedPatients);
}

}  // namespace

SyncResult<SyncReport> syncWithServer(lib::Library& library, const std::string& serverName,
                                      const SyncOptions& options, std::stop_token stop,
                                      const SyncProgressCallback& progress) {
    auto server = loadServer(library, serverName);
    if (!server)
        return std::unexpected(server.error());
    auto http = httpOptionsFor(*server, options.http);
    if (!http)
        return std::unexpected(http.error());
    HttpClient client(*http);
    SyncReport report;
    report.server = serverName;
    SyncSession session{
        library,  *server, trimmedRoot(server->url),         client,        options, stop,
        progress, report,  std::chrono::steady_clock::now(), SyncProgress{}};
    auto state = library.withReader([&](SQLite::Database& db) -> lib::Result<lib::ServerSyncState> {
        return lib::SyncStateRepository(db).serverState(server->id);
    });
    if (!state)
        return syncFail(SyncErrorCode::Library, state.error().message);
    std::map<std::string, std::string> failedPatients;
    auto ran = runSync(session, *state, failedPatients);
    state->lastResult = !ran ? "failed" : report.complete() ? "ok" : "incomplete";
    state->lastError = !ran                    ? ran.error().message
                       : report.errors.empty() ? ""
                                               : report.errors.back();
    saveStates(library, *server, *state, failedPatients,
               ran ? std::nullopt : std::optional<SyncError>(ran.error()));
    if (!ran)
        return std::unexpected(ran.error());
    session.reportProgress(SyncProgress::Phase::Done, report.pulled + report.pushed,
                           report.pulled + report.pushed);
    return report;
}

SyncResult<void> testServerConnection(lib::Library& library, const std::string& serverName,
                                      const HttpOptions& httpBase, std::stop_token stop) {
    auto server = loadServer(library, serverName);
    if (!server)
        return std::unexpected(server.error());
    auto http = httpOptionsFor(*server, httpBase);
    if (!http)
        return std::unexpected(http.error());
    HttpClient client(*http);
    auto response = requireSuccess(client.send({"GET",
                                                trimmedRoot(server->url) + "/studies?limit=1",
                                                {{"Accept", "application/dicom+json"}},
                                                {}},
                                               stop),
                                   "QIDO-RS");
    if (!response)
        return std::unexpected(response.error());
    if (response->status != 204 && !response->body.empty() &&
        response->header("Content-Type").find("json") == std::string::npos) {
        return syncFail(
            SyncErrorCode::Malformed,
            "the server answered, but not with DICOM JSON: is the URL its DICOMweb root?");
    }
    return {};
}

}  // namespace cicatrix::sync
