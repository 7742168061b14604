// Starts the GUI: opens the library, loads the user's settings, creates the window, runs the shell
// and saves the settings the user leaves with.
#include "workstation/gui/workstation_app.hpp"

#include <cstdio>
#include <iostream>

#include "render/gl_window.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/app/settings.hpp"
#include "workstation/gui/workstation_shell.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

int runWorkstation(const GuiOptions& options) {
    const bool screenshot = !options.screenshotPath.empty();
    auto library = Library::open(options.libraryDir);
    if (!library) {
        std::cerr << "cicatrix: " << library.error().message << "\n";
        return 1;
    }
    const fs::path settingsFile = configDir() / "settings.json";
    // Screenshot mode is reproducible: it ignores the user's settings.
    LoadedSettings loaded = screenshot ? LoadedSettings{} : loadSettings(settingsFile);
    const AppSettings& settings = loaded.settings;
    render::WindowOptions wo;
    wo.title = "Cicatrix — " + options.libraryDir.filename().string();
    wo.width = settings.windowWidth;
    wo.height = settings.windowHeight;
    wo.x = settings.windowX;
    wo.y = settings.windowY;
    wo.maximized = settings.maximized;
    if (screenshot) {
        std::sscanf(options.screenshotSize.c_str(), "%dx%d", &wo.width, &wo.height);
    } else {
        std::error_code ec;
        fs::create_directories(configDir(), ec);
        wo.imguiIniPath = (configDir() / "imgui.ini").string();
    }
    std::string error;
    auto window = render::GlWindow::create(wo, error);
    if (!window) {
        std::cerr << "cicatrix: " << error << "\n";
        return 1;
    }
    WorkstationShell app(options, std::move(window), std::move(*library), settings);
    for (std::string& problem : loaded.problems) app.notify(std::move(problem), /*error=*/true);
    const int rc = app.run();
    if (!screenshot) {
        if (auto saved = saveSettings(settingsFile, app.settingsToSave()); !saved) {
            std::cerr << "cicatrix: settings not saved: " << saved.error().message << "\n";
        }
    }
    return rc;
}

}  // namespace cicatrix::workstation
