// Private to the sync engine: what one run of syncWithServer shares between its steps (the
// server, the connection, options, the report and progress), and retry with exponential backoff.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "library/library.hpp"
#include "library/sync_server_repository.hpp"
#include "sync/http_client.hpp"
#include "sync/sync_engine.hpp"
#include "sync/wado.hpp"

namespace cicatrix::sync {

// An instance the server holds, as discovered (QIDO or the change feed).
struct RemoteInstance {
    InstanceRef ref;
    std::string patientId;
    std::string sopClassUid;  // empty when the discovery did not say
};

struct SyncSession {
    library::Library& library;
    library::SyncServer server;
    std::string root;  // DICOMweb root without a trailing slash
    HttpClient& client;
    const SyncOptions& options;
    std::stop_token stop;
    const SyncProgressCallback& progressCallback;
    SyncReport& report;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    SyncProgress progress;

    void reportProgress(SyncProgress::Phase phase, std::size_t done, std::size_t total) {
        progress.phase = phase;
        progress.itemsDone = done;
        progress.itemsTotal = total;
        progress.bytes = report.bytesReceived + report.bytesSent;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        progress.bytesPerSecond = seconds > 0 ? static_cast<double>(progress.bytes) / seconds : 0;
        if (progressCallback)
            progressCallback(progress);
    }

    // Sleeps for the k-th backoff (firstBackoff · 2^k); false when a stop came first.
    [[nodiscard]] bool backoff(int attempt) const {
        auto delay = options.firstBackoff * (1 << std::min(attempt, 10));
        const auto until = std::chrono::steady_clock::now() + delay;
        while (std::chrono::steady_clock::now() < until) {
            if (stop.stop_requested())
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return !stop.stop_requested();
    }

    // Calls f() until it succeeds, fails permanently, or maxAttempts retryable failures.
    template <typename F>
    auto retrying(F&& f) -> decltype(f()) {
        for (int attempt = 0;; ++attempt) {
            auto result = f();
            if (result || !result.error().retryable() || attempt + 1 >= options.maxAttempts ||
                !backoff(attempt))
                return result;
        }
    }
};

// Steps of a sync (one file each).
[[nodiscard]] SyncResult<std::vector<RemoteInstance>> listRemoteInstances(SyncSession& session);
struct ChangeFeedResult {
    std::vector<RemoteInstance> instances;  // new since the cursor, in the server's scope
    std::int64_t last = 0;                  // the cursor to save once they are pulled
};
// nullopt when the server has no Orthanc change feed (then QIDO enumerates).
[[nodiscard]] SyncResult<std::optional<std::int64_t>> probeChangeFeed(SyncSession& session);
[[nodiscard]] SyncResult<ChangeFeedResult> readChangeFeed(SyncSession& session, std::int64_t since);
// Pulls what the library does not know yet; per-instance problems go to the report.
// The set of patients whose instances failed is returned through `failedPatients`.
[[nodiscard]] SyncResult<void> pullInstances(SyncSession& session,
                                             const std::vector<RemoteInstance>& instances,
                                             std::map<std::string, std::string>& failedPatients);
[[nodiscard]] SyncResult<void> pushOutbox(SyncSession& session,
                                          std::map<std::string, std::string>& failedPatients);

}  // namespace cicatrix::sync
