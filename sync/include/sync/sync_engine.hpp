// The sync engine: brings a library in step with one configured DICOMweb server, then pushes
// what the library made. Pull discovers new instances through Orthanc's /changes feed when the
// server offers it (else a QIDO enumeration), retrieves them in parallel over reused
// connections (a bounded number in memory at a time), imports each photo and records its SOP
// Instance UID in the same transaction, in batches. A full QIDO reconciliation (first sync,
// `fullReconcile`, or when the feed cannot be trusted) marks instances deleted on the server —
// the local photo, its labels and analyses stay. Push drains the outbox (photos of patients in
// the server's scope not yet on it) with STOW-RS. Idempotent by SOP Instance UID, resumable after
// a crash at any point; retryable failures are retried with exponential backoff.
// Thread rule: one sync per library and server at a time; run it on a background worker.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "library/library.hpp"
#include "sync/http_client.hpp"
#include "sync/sync_error.hpp"
#include "sync/token_admission.hpp"

namespace cicatrix::sync {

struct SyncProgress {
    enum class Phase { Connecting, Discovering, Pulling, Reconciling, Pushing, Done };
    Phase phase = Phase::Connecting;
    std::size_t itemsDone = 0, itemsTotal = 0;  // instances pulled or pushed in this phase
    std::uint64_t bytes = 0;                    // bytes received and sent so far (whole sync)
    double bytesPerSecond = 0;                  // since the sync began
};
using SyncProgressCallback = std::function<void(const SyncProgress&)>;

struct SyncOptions {
    int parallel = 6;    // transfers in flight
    int batchSize = 32;  // instances retrieved and committed per library transaction
    // Orthanc's /changes (at the DICOMweb root without "/dicom-web"); off: every sync is a QIDO
    // enumeration (for servers whose REST API is not reachable at that address).
    bool useChangeFeed = true;
    bool fullReconcile = false;  // enumerate everything (deletions) even when a feed is offered
    // Periodic background syncs leave failed outbox items alone until their next attempt time;
    // a sync the user asks for (CLI, "Sync now") tries every item.
    bool respectOutboxBackoff = false;
    // A feed-based sync still reconciles fully when the last full one is older than this.
    std::chrono::hours reconcileEvery{24};
    int maxAttempts = 4;                          // per request, for retryable failures
    std::chrono::milliseconds firstBackoff{250};  // doubled after each retryable failure
    HttpOptions http;  // timeouts, TLS; auth is filled from the server's credential source
    std::string actor = "local-user";
    // Decides where a pulled photo that carries an enrolment token goes (filed into the token's
    // wound, or quarantined with the reason). Unset: such photos are not taken (reported as
    // errors and tried again at the next sync), never filed unverified.
    TokenAdmissionCheck admitToken;
};

struct SyncReport {
    std::string server;
    bool usedChangesFeed = false;
    bool reconciled = false;          // a full enumeration ran
    std::size_t remoteInstances = 0;  // seen on the server in scope (after a full enumeration)
    std::size_t pulled = 0;           // new photos in the library
    std::size_t linked = 0;           // instances whose bytes were already a local photo
    std::size_t alreadyPresent = 0;   // known by SOP Instance UID: nothing fetched
    std::size_t ignored = 0;          // not a photo (other SOP class) or refused, with a reason
    std::size_t quarantined = 0;      // carried an enrolment token that was refused
    std::size_t markedDeleted = 0;    // gone from the server since the last reconciliation
    std::size_t pushed = 0;           // outbox items stored on the server
    std::size_t pushFailed = 0;       // still in the outbox (see errors)
    std::uint64_t bytesReceived = 0, bytesSent = 0;
    std::vector<std::string> errors;  // per-item problems that did not stop the sync
    // Complete: pull and push both finished (the CLI's exit status 0).
    [[nodiscard]] bool complete() const { return pushFailed == 0; }
};

// Syncs `library` with its server named `serverName`. Fails (nothing half-done is left, the
// outbox is kept) when the server cannot be reached, refuses the credentials, answers garbage
// to the discovery, or the stop is requested; per-item failures are in the report instead.
[[nodiscard]] SyncResult<SyncReport> syncWithServer(library::Library& library,
                                                    const std::string& serverName,
                                                    const SyncOptions& options = {},
                                                    std::stop_token stop = {},
                                                    const SyncProgressCallback& progress = {});

// Asks the server one cheap question (QIDO studies, limit 1) with the configured credentials:
// what the Servers panel's "Test connection" shows.
[[nodiscard]] SyncResult<void> testServerConnection(library::Library& library,
                                                    const std::string& serverName,
                                                    const HttpOptions& http = {},
                                                    std::stop_token stop = {});

}  // namespace cicatrix::sync
