// The GUI shell: owns the window, the job system, the texture cache, the state, the controllers
// and the workspaces; runs the frame loop (never blocking on I/O), draws the menu bar, the active
// workspace, the status bar and the dialogs, and applies the frame's intents after drawing.
// Main thread only.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "render/gl_window.hpp"
#include "render/texture_cache.hpp"
#include "workstation/app/settings.hpp"
#include "workstation/gui/analysis_controller.hpp"
#include "workstation/gui/annotate_controller.hpp"
#include "workstation/gui/browse_controller.hpp"
#include "workstation/gui/compare_controller.hpp"
#include "workstation/gui/help_panel.hpp"
#include "workstation/gui/import_dialog.hpp"
#include "workstation/gui/servers_dialog.hpp"
#include "workstation/gui/status_bar.hpp"
#include "workstation/gui/sync_controller.hpp"
#include "workstation/gui/test_hooks.hpp"
#include "workstation/gui/texture_loader.hpp"
#include "workstation/gui/triage_controller.hpp"
#include "workstation/gui/workspace.hpp"
#include "workstation/gui/workstation_app.hpp"

namespace cicatrix::workstation {

class WorkstationShell {
  public:
    WorkstationShell(const GuiOptions& options, std::unique_ptr<render::GlWindow> window,
                     std::unique_ptr<Library> library, AppSettings settings);
    ~WorkstationShell();
    WorkstationShell(const WorkstationShell&) = delete;
    WorkstationShell& operator=(const WorkstationShell&) = delete;

    int run();
    // The settings as the user leaves them (window, layout, overlay), others as loaded.
    [[nodiscard]] AppSettings settingsToSave() const;
    // A message in the status bar (and on stderr when it is an error).
    void notify(std::string text, bool error);

  private:
    void drawFrame(FrameRecord& record, const StatusInfo& status);
    void drawMenuBar();
    void drawSyncMenu();
    void apply(const Intent& intent);  // workstation_intents.cpp
    // notify() as the controllers' callback.
    [[nodiscard]] auto notifier() {
        return [this](std::string text, bool error) { notify(std::move(text), error); };
    }
    [[nodiscard]] double now() const;

    GuiOptions m_options;
    std::unique_ptr<render::GlWindow> m_window;
    std::unique_ptr<Library> m_library;
    AppSettings m_settings;
    render::TextureCache m_textures;
    AppState m_state;
    std::vector<Intent> m_intents;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();

    StateReporter m_stateReporter;
    std::vector<std::unique_ptr<Workspace>> m_workspaces;
    StatusBar m_statusBar;
    HelpPanel m_helpPanel;
    ImportDialog m_importDialog;
    ServersDialog m_serversDialog;

    AnalysisController m_analysis;
    BrowseController m_browse;
    SyncController m_sync;
    AnnotateController m_annotate;
    TriageController m_triage;
    CompareController m_compare;
    TextureLoader m_loader;
    // Last, so destroyed first: its destructor joins the workers, whose jobs use the members
    // above. (The controllers only keep a reference to it until then.)
    JobSystem m_jobs;
};

}  // namespace cicatrix::workstation
