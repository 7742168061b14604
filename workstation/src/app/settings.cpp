// nlohmann::json mapping of AppSettings; written atomically.
#include "workstation/app/settings.hpp"

#include <nlohmann/json.hpp>

#include "library/atomic_file.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

AppSettings loadSettings(const std::filesystem::path& file) {
    AppSettings s;
    auto bytes = readFileBytes(file, 1u << 20);
    if (!bytes) {
        return s;
    }
    const auto j =
        nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) {
        return s;
    }
    const auto window = j.value("window", nlohmann::json::object());
    s.windowX = window.value("x", s.windowX);
    s.windowY = window.value("y", s.windowY);
    s.windowWidth = std::max(640, window.value("width", s.windowWidth));
    s.windowHeight = std::max(480, window.value("height", s.windowHeight));
    s.maximized = window.value("maximized", s.maximized);
    const auto layout = j.value("layout", nlohmann::json::object());
    s.layout.sidebarWidth = layout.value("sidebar_width", s.layout.sidebarWidth);
    s.layout.timelineHeight = layout.value("timeline_height", s.layout.timelineHeight);
    s.layout.infoWidth = layout.value("info_width", s.layout.infoWidth);
    s.textureBudgetMiB =
        std::max<std::size_t>(64, j.value("texture_budget_mib", s.textureBudgetMiB));
    return s;
}

Result<void> saveSettings(const std::filesystem::path& file, const AppSettings& s) {
    const nlohmann::json j = {
        {"window",
         {{"x", s.windowX},
          {"y", s.windowY},
          {"width", s.windowWidth},
          {"height", s.windowHeight},
          {"maximized", s.maximized}}},
        {"layout",
         {{"sidebar_width", s.layout.sidebarWidth},
          {"timeline_height", s.layout.timelineHeight},
          {"info_width", s.layout.infoWidth}}},
        {"texture_budget_mib", s.textureBudgetMiB},
        {"marker_mm", s.markerMm},
        {"alerts", {{"min_reduction_at_4_weeks_percent", s.alerts.minReductionAt4WeeksPercent},
                    {"max_increase_between_visits_percent", s.alerts.maxIncreaseBetweenVisitsPercent},
                    {"necrosis_rise_points", s.alerts.necrosisRisePoints},
                    {"periwound_redness_rise", s.alerts.rednessRise}}},
        {"overlay", {{"visible", s.overlay.visible}, {"opacity", s.overlay.opacity}, {"outline", s.overlay.outline},
                     {"tissue_colours", s.overlay.tissueColours}, {"show_axes", s.overlay.showAxes}}},
    };
    const std::string text = j.dump(2) + "\n";
    return writeFileAtomically(
        file, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), true);
}

}  // namespace cicatrix::workstation
