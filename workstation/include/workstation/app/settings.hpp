// User settings remembered between sessions (window geometry, splitter layout, texture budget,
// marker size, alert thresholds, overlay, sync interval), as JSON in the XDG config folder. Every
// field is read back; a missing file gives the defaults, and a damaged file, a wrong-typed or an
// out-of-range value gives that field's default with a message naming the field — never a crash.
// Thread-safe (pure I/O).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ml/calibration.hpp"
#include "ml/healing_trends.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/app_state.hpp"

namespace cicatrix::workstation {

struct AppSettings {
    int windowX = -1;
    int windowY = -1;
    int windowWidth = 1600;
    int windowHeight = 1000;
    bool maximized = false;
    UiLayout layout;
    std::size_t textureBudgetMiB = 512;
    double markerMm = ml::kDefaultMarkerMm;  // printed side of the ArUco calibration marker
    ml::AlertThresholds alerts;              // healing alert thresholds
    OverlaySettings overlay;                 // how new viewports draw the analysis overlay
    // Minutes between automatic syncs with the configured servers (0 = off); nothing runs
    // while no server is configured.
    int syncIntervalMinutes = 15;
    std::string lastUser;  // the last annotator (Annotate workspace), offered at the next start
};

struct LoadedSettings {
    AppSettings settings;
    std::vector<std::string>
        problems;  // "settings.json: alerts.necrosis_rise_points ..." per field
};

[[nodiscard]] LoadedSettings loadSettings(const std::filesystem::path& file);
[[nodiscard]] Result<void> saveSettings(const std::filesystem::path& file,
                                        const AppSettings& settings);

}  // namespace cicatrix::workstation
