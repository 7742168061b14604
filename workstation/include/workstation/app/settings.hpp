// User settings remembered between sessions (window geometry, splitter layout), as JSON in the
// XDG config folder. Missing or damaged files give defaults. Thread-safe (pure I/O).
#pragma once

#include <filesystem>

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
    double markerMm = 20.0;           // printed side of the ArUco calibration marker
    ml::AlertThresholds alerts;       // healing alert thresholds
    OverlaySettings overlay;
};

[[nodiscard]] AppSettings loadSettings(const std::filesystem::path& file);
[[nodiscard]] Result<void> saveSettings(const std::filesystem::path& file,
                                        const AppSettings& settings);

}  // namespace cicatrix::workstation
