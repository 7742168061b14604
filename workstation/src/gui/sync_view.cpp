// Words for sync phases, counts and states; fmt only, no ImGui.
#include "workstation/gui/sync_view.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cicatrix::workstation {

using library::PatientSyncState;
using library::PatientSyncStatus;
using Phase = sync::SyncProgress::Phase;

namespace {
const char* phaseWord(Phase phase) {
    switch (phase) {
        case Phase::Connecting:
            return "connecting";
        case Phase::Discovering:
            return "looking for new photos";
        case Phase::Pulling:
            return "pulling";
        case Phase::Reconciling:
            return "checking for deletions";
        case Phase::Pushing:
            return "pushing";
        case Phase::Done:
            return "done";
    }
    return "working";
}
}  // namespace

std::string byteText(std::uint64_t bytes) {
    if (bytes < 100'000)
        return fmt::format("{:.1f} kB", static_cast<double>(bytes) / 1e3);
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

std::string syncProgressText(const std::string& server, const sync::SyncProgress& p) {
    std::string text = fmt::format("Sync {}: {}", server, phaseWord(p.phase));
    const bool counts = p.phase == Phase::Pulling || p.phase == Phase::Pushing;
    if (counts && p.itemsTotal > 0)
        text += fmt::format(" {}/{} photos", p.itemsDone, p.itemsTotal);
    if (p.bytes > 0) {
        text += " · " + byteText(p.bytes);
        if (p.bytesPerSecond > 0)
            text += fmt::format(" · {}/s", byteText(static_cast<std::uint64_t>(p.bytesPerSecond)));
    }
    return text;
}

float syncProgressFraction(const sync::SyncProgress& p) {
    if (p.itemsTotal == 0 || (p.phase != Phase::Pulling && p.phase != Phase::Pushing))
        return -1.0f;
    return std::clamp(static_cast<float>(p.itemsDone) / static_cast<float>(p.itemsTotal), 0.0f,
                      1.0f);
}

std::string syncSummaryText(const SyncSummary& s) {
    std::string text = fmt::format("Sync{}: {} pulled, {} pushed, {} marked deleted, {} error{}",
                                   s.cancelled ? " cancelled" : "", s.pulled, s.pushed,
                                   s.markedDeleted, s.errors, s.errors == 1 ? "" : "s");
    if (s.quarantined > 0)
        text += fmt::format(" ({} photo{} from home quarantined)", s.quarantined,
                            s.quarantined == 1 ? "" : "s");
    if (s.failedServers > 0) {
        text += fmt::format(" — {} of {} server{} failed", s.failedServers, s.servers,
                            s.servers == 1 ? "" : "s");
    }
    if (!s.firstError.empty())
        text += ": " + s.firstError;
    return text;
}

std::optional<PatientSyncState> overallSyncState(const std::vector<PatientSyncStatus>& states) {
    if (states.empty())
        return std::nullopt;
    const auto any = [&](PatientSyncState wanted) {
        return std::ranges::any_of(states,
                                   [&](const PatientSyncStatus& s) { return s.state == wanted; });
    };
    if (any(PatientSyncState::Failing))
        return PatientSyncState::Failing;
    if (any(PatientSyncState::Pending))
        return PatientSyncState::Pending;
    return PatientSyncState::UpToDate;
}

std::string syncStateLabel(PatientSyncState state) {
    switch (state) {
        case PatientSyncState::UpToDate:
            return "Up to date";
        case PatientSyncState::Pending:
            return "Waiting to sync";
        case PatientSyncState::Failing:
            return "Sync failing";
    }
    return "Unknown";
}

std::string shortTimestamp(const std::string& iso) {
    if (iso.size() < 16)
        return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + (iso.ends_with('Z') ? " UTC" : "");
}

std::string patientSyncTooltip(const std::vector<PatientSyncStatus>& states) {
    std::string text;
    for (const PatientSyncStatus& s : states) {
        if (!text.empty())
            text += "\n\n";
        text += fmt::format("{}: {}", s.serverName, syncStateLabel(s.state));
        text += "\nLast success: " +
                (s.lastSuccessAt ? shortTimestamp(*s.lastSuccessAt) : std::string("never"));
        if (!s.lastError.empty())
            text += "\nLast error: " + s.lastError;
    }
    return text;
}

}  // namespace cicatrix::workstation
