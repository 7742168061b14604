// How sync is put into words and colours for the user: the status-bar progress line, the notice
// at the end, a patient's overall state over its servers and the marker's tooltip. Pure
// functions of plain values (unit-tested without a window). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "library/sync_state_repository.hpp"
#include "sync/sync_engine.hpp"
#include "workstation/gui/app_state.hpp"

namespace cicatrix::workstation {

// "Sync pacs: pulling 120/500 photos · 34.2 MB · 5.1 MB/s".
[[nodiscard]] std::string syncProgressText(const std::string& server,
                                           const sync::SyncProgress& progress);
// 0..1 within the phase when it counts items, else < 0.
[[nodiscard]] float syncProgressFraction(const sync::SyncProgress& progress);

// "Sync: 3 pulled, 1 pushed, 0 marked deleted, 0 errors" (+ what failed).
[[nodiscard]] std::string syncSummaryText(const SyncSummary& summary);

// "34.2 MB" (decimal megabytes, one decimal; kB under 100 kB).
[[nodiscard]] std::string byteText(std::uint64_t bytes);

// Failing when any server fails, else pending when any is pending, else up to date; empty
// when no server holds a state for the patient.
[[nodiscard]] std::optional<library::PatientSyncState> overallSyncState(
    const std::vector<library::PatientSyncStatus>& states);

// "Up to date", "Waiting to sync", "Sync failing".
[[nodiscard]] std::string syncStateLabel(library::PatientSyncState state);

// One paragraph per server: name, state, last success, last error.
[[nodiscard]] std::string patientSyncTooltip(const std::vector<library::PatientSyncStatus>& states);

// "2024-05-03 14:02 UTC" from "2024-05-03T14:02:11Z" (or the text as is when shorter).
[[nodiscard]] std::string shortTimestamp(const std::string& iso);

}  // namespace cicatrix::workstation
