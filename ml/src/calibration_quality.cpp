// Each check adds (level, reason); the most serious come first.
#include "ml/calibration_quality.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace cicatrix::ml {

std::string_view levelName(CalibrationLevel level) {
    switch (level) {
        case CalibrationLevel::Good:
            return "good";
        case CalibrationLevel::Fair:
            return "fair";
        case CalibrationLevel::Unreliable:
            return "unreliable";
    }
    return "unreliable";
}

std::optional<CalibrationLevel> parseLevel(std::string_view name) {
    for (auto l : {CalibrationLevel::Good, CalibrationLevel::Fair, CalibrationLevel::Unreliable})
        if (levelName(l) == name)
            return l;
    return std::nullopt;
}

CalibrationQuality assessCalibration(const PlaneCalibration& cal,
                                     const std::optional<MeasurementUncertainty>& u) {
    using L = CalibrationLevel;
    std::vector<std::pair<L, std::string>> found;
    const auto add = [&](L level, std::string reason) {
        found.emplace_back(level, std::move(reason));
    };
    if (cal.conditions) {
        const CalibrationConditions& c = *cal.conditions;
        if (c.tiltDeg >= 60)
            add(L::Unreliable, "marker too oblique — retake from above");
        else if (c.tiltDeg >= 45)
            add(L::Fair, "marker oblique — a photo from above is more accurate");
        if (c.markerSidePx < 24)
            add(L::Unreliable, "marker too small in the frame — move closer");
        else if (c.markerSidePx < 48)
            add(L::Fair, "marker small in the frame — closer is more accurate");
        const double modulePx = c.markerSidePx / 6.0;
        if (c.edgeBlurPx > modulePx / 3.0)
            add(L::Unreliable, "marker blurred — hold still and refocus");
        else if (c.edgeBlurPx > 2.0)
            add(L::Fair, "marker slightly blurred — hold still");
        const double snr = c.noise > 0 ? c.contrast / c.noise : 1e9;
        if (c.contrast < 0.08 || snr < 6)
            add(L::Unreliable, "photo too dark — add light");
        else if (c.contrast < 0.2)
            add(L::Fair, "dim light — more light is more accurate");
        if (c.reprojectionRmsPx > 1.0)
            add(L::Fair, "the markers disagree — stick them flat");
        if (c.rulerDisagreementMm && *c.rulerDisagreementMm > kRulerUnreliableMm)
            add(L::Unreliable,
                fmt::format("the sticker's ruler is {:.1f} mm off its marker — stick the sticker "
                            "flat and retake",
                            *c.rulerDisagreementMm));
        else if (c.rulerDisagreementMm && *c.rulerDisagreementMm > kRulerFairMm)
            add(L::Fair, fmt::format("the sticker's ruler is {:.1f} mm off its marker — is the "
                                     "sticker flat?",
                                     *c.rulerDisagreementMm));
    }
    if (u) {
        const bool explained = std::any_of(found.begin(), found.end(),
                                           [](const auto& f) { return f.first == L::Unreliable; });
        const std::string width =
            fmt::format("uncertain by ±{:.0f} %", 100.0 * u->areaRelativeHalfWidth);
        const std::string far = "wound far from the marker — stick the marker beside the wound";
        if (u->areaRelativeHalfWidth > kUnreliableHalfWidth)
            add(L::Unreliable,
                explained ? width
                          : (u->markerDistanceSides > 3 ? far + " (" + width + ")" : width));
        else if (u->areaRelativeHalfWidth > kFairHalfWidth)
            add(L::Fair, u->markerDistanceSides > 3 ? far + " (" + width + ")" : width);
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    CalibrationQuality q;
    for (auto& [level, reason] : found) {
        q.level = std::max(q.level, level);
        q.reasons.push_back(std::move(reason));
    }
    return q;
}

}  // namespace cicatrix::ml
