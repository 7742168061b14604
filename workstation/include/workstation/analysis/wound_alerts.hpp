// Alerts stored for triage: a wound's healing trend (its latest analyses) computed with the given
// thresholds, each alert tied to the photo of its day, written with TriageRepository::syncAlerts
// so the inbox ranks by them across restarts. Call after storing analyses of a wound.
// Thread-safe (database work through Library); run it on a worker, never on the UI thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "library/analysis_repository.hpp"
#include "library/library.hpp"
#include "library/triage_repository.hpp"
#include "ml/healing_trends.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

// The alerts the rules raise now for these analyses of one wound (capture order), each on the
// photo whose analysis has the alert's day (the latest such photo).
[[nodiscard]] std::vector<NewAlert> woundAlerts(const std::vector<PlacedAnalysis>& analyses,
                                                const ml::AlertThresholds& thresholds);

// Recomputes and stores the wound's alerts; returns how many were newly raised.
Result<std::size_t> refreshWoundAlerts(Library& library, std::int64_t woundId,
                                       const ml::AlertThresholds& thresholds);

// The ranked triage inbox after refreshing the stored alerts of the wounds it lists (read, refresh,
// read again), so the ranking follows the analyses as they are now. The CLI's `triage` and the
// Triage workspace both use it. nowUtc as TriageRepository::inbox takes it.
[[nodiscard]] Result<std::vector<InboxItem>> inboxWithFreshAlerts(
    Library& library, const std::string& nowUtc, const ml::AlertThresholds& thresholds);

}  // namespace cicatrix::workstation
