// The GUI shell: owns the window, the library, the job system, the texture cache, the state and
// the panels; runs the frame loop (never blocking on I/O). Main thread only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace cicatrix::workstation {

struct GuiOptions {
    std::filesystem::path libraryDir;
    std::optional<std::int64_t> openWoundId;
    std::string screenshotPath;  // non-empty: headless screenshot mode
    int frames = 60;
    std::string layoutJsonPath;  // screenshot mode: where the drawn rectangles go
    std::string stateJsonPath;   // the selection and view settings, kept current (tests, scripts)
    bool actualPixels = false;   // open the first photo at 1:1
    std::string screenshotSize = "1600x1000";
    bool syncNow = false;   // start "Sync now" at once (tests, scripts)
    std::string annotator;  // --as NAME: the user recorded on label actions (else asked)
    std::string workspace;  // --workspace browse|annotate|compare|triage: shown first
};

// Runs the workstation until the window closes (or the screenshot is written). Returns an exit
// code.
int runWorkstation(const GuiOptions& options);

}  // namespace cicatrix::workstation
