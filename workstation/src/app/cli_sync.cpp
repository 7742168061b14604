// The CLI face of the sync engine: progress on stderr, one summary (or one JSON document) on
// stdout. The library must exist (a sync never creates an empty one by mistake).
#include "workstation/app/cli_sync.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/library.hpp"
#include "library/sync_server_repository.hpp"
#include "sync/sync_engine.hpp"
#include "workstation/enrolment/sync_token_admission.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace {
constexpr int kExitFailed = 1;
constexpr int kExitIncomplete = 3;

nlohmann::json toJson(const sync::SyncReport& r) {
    return {{"server", r.server},
            {"complete", r.complete()},
            {"used_changes_feed", r.usedChangesFeed},
            {"reconciled", r.reconciled},
            {"remote_instances", r.remoteInstances},
            {"pulled", r.pulled},
            {"linked", r.linked},
            {"already_present", r.alreadyPresent},
            {"ignored", r.ignored},
            {"quarantined", r.quarantined},
            {"marked_deleted", r.markedDeleted},
            {"pushed", r.pushed},
            {"push_failed", r.pushFailed},
            {"bytes_received", r.bytesReceived},
            {"bytes_sent", r.bytesSent},
            {"errors", r.errors}};
}

const char* phaseName(sync::SyncProgress::Phase phase) {
    using P = sync::SyncProgress::Phase;
    switch (phase) {
        case P::Connecting:
            return "connecting";
        case P::Discovering:
            return "discovering";
        case P::Pulling:
            return "pulling";
        case P::Reconciling:
            return "reconciling";
        case P::Pushing:
            return "pushing";
        case P::Done:
            return "done";
    }
    return "";
}
}  // namespace

int runSync(const SyncCommand& c) {
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library) {
        std::cerr << "cicatrix sync: " << library.error().message << "\n";
        return kExitFailed;
    }
    sync::SyncOptions options;
    options.fullReconcile = c.full;
    if (auto tokens = enableSyncTokenAdmission(options, **library); !tokens) {
        std::cerr << "cicatrix sync: photos from home with an enrolment token wait on the server: "
                  << tokens.error().message << "\n";
    }
    auto lastPhase = sync::SyncProgress::Phase::Done;
    auto progress = [&](const sync::SyncProgress& p) {
        if (p.phase != lastPhase || p.itemsDone == p.itemsTotal) {
            std::cerr << fmt::format("sync {}: {} {}/{} ({:.1f} MB, {:.1f} MB/s)\n", c.server,
                                     phaseName(p.phase), p.itemsDone, p.itemsTotal,
                                     static_cast<double>(p.bytes) / 1e6, p.bytesPerSecond / 1e6);
            lastPhase = p.phase;
        }
    };
    auto report = sync::syncWithServer(**library, c.server, options, {}, progress);
    if (!report) {
        const sync::SyncError& e = report.error();
        std::cerr << fmt::format("cicatrix sync: {} ({}); the outbox is kept for the next run\n",
                                 e.message, sync::syncErrorCodeName(e.code));
        if (c.json) {
            std::cout << nlohmann::json{{"server", c.server},
                                        {"complete", false},
                                        {"error",
                                         {{"code", sync::syncErrorCodeName(e.code)},
                                          {"message", e.message},
                                          {"retryable", e.retryable()}}}}
                             .dump(2)
                      << "\n";
        }
        return kExitFailed;
    }
    for (const std::string& problem : report->errors) std::cerr << "  " << problem << "\n";
    if (c.json) {
        std::cout << toJson(*report).dump(2) << "\n";
    } else {
        std::cout << fmt::format(
            "server {}: pulled {} new photo(s) ({} already a local photo, {} already synced, {} "
            "ignored, {} quarantined), {} marked deleted on the server; pushed {} ({} still "
            "queued)\n",
            report->server, report->pulled, report->linked, report->alreadyPresent, report->ignored,
            report->quarantined, report->markedDeleted, report->pushed, report->pushFailed);
    }
    return report->complete() ? 0 : kExitIncomplete;
}

int runServerRemove(const std::filesystem::path& libraryDir, const std::string& name) {
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library) {
        std::cerr << "cicatrix server remove: " << library.error().message << "\n";
        return kExitFailed;
    }
    auto removed = (*library)->withDatabase(
        [&](SQLite::Database& db) { return SyncServerRepository(db).remove(name); });
    if (!removed) {
        std::cerr << "cicatrix server remove: " << removed.error().message << "\n";
        return kExitFailed;
    }
    std::cerr << "removed server " << name << " (its photos stay in the library)\n";
    return 0;
}

}  // namespace cicatrix::workstation
