// Trend alerts → stored wound alerts: the day of an ml::Alert is the capture day number of one
// analysed photo (trendPoints), which names the photo the alert is about.
#include "workstation/analysis/wound_alerts.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cmath>
#include <set>

#include "library/analysis_repository.hpp"
#include "library/dates.hpp"
#include "workstation/analysis/wound_trends.hpp"

namespace cicatrix::workstation {

std::vector<NewAlert> woundAlerts(const std::vector<PlacedAnalysis>& analyses,
                                  const ml::AlertThresholds& thresholds) {
    const ml::HealingTrend trend = woundTrend(analyses, thresholds);
    std::vector<NewAlert> out;
    for (const ml::Alert& alert : trend.alerts) {
        std::int64_t photoId = 0;
        for (const PlacedAnalysis& a : analyses) {
            if (std::abs(parseIsoDays(a.capturedAt).value_or(0.0) - alert.day) < 1e-6)
                photoId = a.analysis.photoId;  // the latest photo of that moment
        }
        if (photoId == 0 && !analyses.empty())
            photoId = analyses.back().analysis.photoId;
        if (photoId == 0)
            continue;
        const std::string kind = ml::alertKey(alert.kind);
        out.push_back({photoId, kind, alertSeverity(kind), alert.title, alert.explanation});
    }
    return out;
}

Result<std::size_t> refreshWoundAlerts(Library& library, std::int64_t woundId,
                                       const ml::AlertThresholds& thresholds) {
    auto analyses =
        library.withReader([&](SQLite::Database& db) -> Result<std::vector<PlacedAnalysis>> {
            return AnalysisRepository(db).latestForWound(woundId);
        });
    if (!analyses)
        return std::unexpected(analyses.error());
    const auto alerts = woundAlerts(*analyses, thresholds);
    return library.withDatabase([&](SQLite::Database& db) -> Result<std::size_t> {
        return TriageRepository(db).syncAlerts(woundId, alerts);
    });
}

Result<std::vector<InboxItem>> inboxWithFreshAlerts(Library& library, const std::string& nowUtc,
                                                    const ml::AlertThresholds& thresholds) {
    const auto read = [&] {
        return library.withReader([&](SQLite::Database& db) -> Result<std::vector<InboxItem>> {
            return TriageRepository(db).inbox(nowUtc);
        });
    };
    auto items = read();
    if (!items || items->empty())
        return items;
    std::set<std::int64_t> wounds;
    for (const InboxItem& item : *items) wounds.insert(item.woundId);
    for (const std::int64_t wound : wounds) {
        if (auto raised = refreshWoundAlerts(library, wound, thresholds); !raised)
            return std::unexpected(raised.error());
    }
    return read();
}

}  // namespace cicatrix::workstation
