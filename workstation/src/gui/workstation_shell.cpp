// Frame loop, menu bar, workspace host, status bar and dialogs; screenshot mode for tests.
#include "workstation/gui/workstation_shell.hpp"

#include <imgui.h>

#include <cctype>
#include <iostream>
#include <thread>

#include "render/keys.hpp"
#include "workstation/app/cli_analysis.hpp"
#include "workstation/app/model_selection.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/gui/keymap.hpp"

namespace cicatrix::workstation {

namespace {
constexpr std::size_t kMaxNotices = 50;
constexpr int kScreenshotDeadlineSeconds = 60;
constexpr int kMinWindowWidth = 640, kMinWindowHeight = 480;  // settings.json's accepted minimum
}  // namespace

namespace {
// "annotate" -> "Annotate": --workspace takes the lower-case name.
std::string workspaceName(std::string name) {
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        name[i] = static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c));
    }
    return name;
}
}  // namespace

WorkstationShell::WorkstationShell(const GuiOptions& options,
                                   std::unique_ptr<render::GlWindow> window,
                                   std::unique_ptr<Library> library, AppSettings settings)
    : m_options(options),
      m_window(std::move(window)),
      m_library(std::move(library)),
      m_settings(settings),
      m_textures(settings.textureBudgetMiB << 20),
      m_stateReporter(options.stateJsonPath),
      m_workspaces(makeWorkspaces(m_annotate)),
      m_analysis(*m_library, m_jobs, m_state, notifier(),
                 AnalysisSettings{modelDirFor(*m_library), settings.markerMm, settings.alerts}),
      m_browse(*m_library, m_jobs, m_state, m_analysis, notifier()),
      m_sync(*m_library, m_jobs, m_state, m_browse, notifier(), settings.syncIntervalMinutes),
      m_annotate(*m_library, m_jobs, m_state, notifier()),
      m_triage(*m_library, m_jobs, m_state, m_browse, notifier(), settings.alerts),
      m_compare(*m_library, m_jobs, m_state, notifier()),
      m_loader(*m_library, m_jobs, m_textures, notifier()),
      m_jobs(JobSystem::workersFor(std::thread::hardware_concurrency()),
             [] { render::GlWindow::postEmptyEvent(); }) {
    m_state.libraryDir = m_library->root();
    m_state.layout = settings.layout;
    for (ViewportState& v : m_state.viewports) v.overlay = settings.overlay;
    m_state.workspace = std::string(m_workspaces.front()->name());
    if (options.openWoundId)
        m_browse.openWound(*options.openWoundId);
    if (options.actualPixels)
        m_browse.openAtActualPixels();
    // The patient list first: the model load is long background work that must not delay it.
    m_browse.loadPatients(/*selectFirst=*/true);
    m_sync.loadServers();
    if (options.syncNow)
        m_intents.push_back(intent::SyncNow{});
    m_analysis.loadModel();
    m_state.annotate.user = options.annotator;
    m_state.annotate.suggestedUser = settings.lastUser;
    if (!options.workspace.empty())
        m_intents.push_back(intent::SwitchWorkspace{workspaceName(options.workspace)});
}

WorkstationShell::~WorkstationShell() {
    m_jobs.cancelAll();
}

double WorkstationShell::now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void WorkstationShell::notify(std::string text, bool error) {
    if (error)
        std::cerr << "cicatrix: " << text << "\n";
    m_state.notices.push_back({std::move(text), error, now()});
    while (m_state.notices.size() > kMaxNotices) m_state.notices.pop_front();
}

void WorkstationShell::drawMenuBar() {
    if (!ImGui::BeginMenuBar())
        return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Import photos…", "Ctrl+I"))
            m_intents.push_back(intent::OpenImport{});
        if (ImGui::MenuItem("Evolution report of this wound (PDF)", nullptr, false,
                            m_state.selectedWound() != nullptr))
            m_intents.push_back(intent::WriteReport{});
        if (ImGui::MenuItem("Quit", "Ctrl+Q"))
            m_intents.push_back(intent::Quit{});
        ImGui::EndMenu();
    }
    const std::size_t vp = focusViewport(m_state);
    if (ImGui::BeginMenu("View")) {
        for (const auto& w : m_workspaces) {
            const char* key = w->name() == "Browse"     ? "F2"
                              : w->name() == "Annotate" ? "F3"
                              : w->name() == "Compare"  ? "F4"
                              : w->name() == "Triage"   ? "F5"
                                                        : nullptr;
            if (ImGui::MenuItem(std::string(w->name()).c_str(), key,
                                m_state.workspace == w->name())) {
                m_intents.push_back(intent::SwitchWorkspace{std::string(w->name())});
            }
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Fit photo", "F"))
            m_intents.push_back(intent::FitView{vp});
        if (ImGui::MenuItem("Actual pixels", "1"))
            m_intents.push_back(intent::ActualPixels{vp});
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Analysis")) {
        const Photo* photo = m_state.selectedPhoto();
        if (ImGui::MenuItem("Analyse this photo", "A", false, photo != nullptr)) {
            m_intents.push_back(intent::AnalysePhoto{photo->id});
        }
        if (ImGui::MenuItem("Analyse this wound", nullptr, false,
                            m_state.selectedWoundId.has_value())) {
            m_intents.push_back(intent::AnalyseWound{*m_state.selectedWoundId});
        }
        if (ImGui::MenuItem("Analyse the whole library"))
            m_intents.push_back(intent::AnalyseLibrary{});
        ImGui::Separator();
        OverlaySettings o = m_state.viewport().overlay;
        if (ImGui::MenuItem("Show overlay", "O", &o.visible) ||
            ImGui::MenuItem("Outline only", nullptr, &o.outline) ||
            ImGui::MenuItem("Tissue colours (experimental)", nullptr, &o.tissueColours) ||
            ImGui::MenuItem("Length and width", nullptr, &o.showAxes)) {
            m_intents.push_back(intent::SetOverlay{vp, o});
        }
        ImGui::EndMenu();
    }
    drawSyncMenu();
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard and mouse", "F1"))
            m_intents.push_back(intent::ToggleHelp{});
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void WorkstationShell::drawSyncMenu() {
    if (!ImGui::BeginMenu("Sync"))
        return;
    const SyncUiState& sync = m_state.sync;
    if (ImGui::MenuItem("Sync now", "Ctrl+Shift+S", false, !sync.running))
        m_intents.push_back(intent::SyncNow{});
    if (ImGui::MenuItem("Cancel sync", nullptr, false, sync.running))
        m_intents.push_back(intent::CancelSync{});
    ImGui::Separator();
    if (ImGui::MenuItem("Servers…"))
        m_intents.push_back(intent::OpenServers{});
    ImGui::EndMenu();
}

void WorkstationShell::drawFrame(FrameRecord& record, const StatusInfo& status) {
    DrawContext ctx{m_intents, m_loader, record, status, now()};
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("Cicatrix###host", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_MenuBar);
    ImGui::PopStyleVar();
    drawMenuBar();

    const float statusHeight = ImGui::GetFrameHeightWithSpacing() + 6.0f;
    const float bodyHeight = ImGui::GetContentRegionAvail().y - statusHeight;
    for (const auto& w : m_workspaces) {
        if (w->name() == m_state.workspace)
            w->draw(m_state, ctx, bodyHeight);
    }

    ImGui::Separator();
    ImGui::SetCursorPosX(10);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    m_statusBar.draw(m_state, ctx);
    ImGui::PopStyleVar();
    ImGui::End();

    m_helpPanel.draw(m_state, ctx);
    m_importDialog.draw(m_state, ctx);
    m_serversDialog.draw(m_state, ctx);
}

int WorkstationShell::run() {
    const bool screenshot = !m_options.screenshotPath.empty();
    int frame = 0;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(kScreenshotDeadlineSeconds);
    while (!m_window->shouldClose()) {
        if (screenshot) {
            m_window->pollEvents();
        } else {
            // Flicker is an animation: frames keep coming while it is on screen.
            const bool flickering = m_state.workspace == "Compare" &&
                                    m_state.compare.overlay == CompareOverlay::Flicker;
            m_window->waitEvents(m_jobs.idle() && !flickering ? 0.5 : 0.05);
        }
        m_jobs.drainMainThreadQueue();
        for (const std::string& failure : m_jobs.takeFailures()) notify(failure, true);
        if (auto dropped = m_window->takeDroppedPaths(); !dropped.empty()) {
            m_intents.push_back(intent::OpenImport{dropped});
        }
        m_textures.beginFrame();
        m_window->beginFrame();
        shortcutIntents(m_state, m_intents);
        if (m_sync.periodicSyncDue(now()))
            m_intents.push_back(intent::SyncNow{/*periodic=*/true});
        m_compare.update();
        FrameRecord record;
        const StatusInfo status{m_jobs.status(), m_textures.usedBytes(), m_textures.budgetBytes()};
        drawFrame(record, status);
        m_sync.frameDrawn();
        ++frame;
        // Screenshot mode: at least `frames` frames, and the jobs those frames asked for done
        // (so thumbnails are on screen), or a minute at most.
        const bool done =
            screenshot && frame >= m_options.frames &&
            ((m_jobs.idle() && m_intents.empty()) || std::chrono::steady_clock::now() > deadline);
        if (done) {
            m_stateReporter.report(m_state);  // the state as on the screenshot
            const cv::Mat image = m_window->captureBeforeSwap();
            m_window->swap();
            return writeScreenshot(image, m_options.screenshotPath, m_options.layoutJsonPath,
                                   m_state, record, frame)
                       ? 0
                       : 1;
        }
        // Test hook: a screenshot of this frame when the script asks for one (see test_hooks.hpp).
        if (const auto requested = screenshotRequested(m_options.stateJsonPath)) {
            const cv::Mat image = m_window->captureBeforeSwap();
            m_window->swap();
            answerScreenshotRequest(m_options.stateJsonPath, *requested, image);
        } else {
            m_window->endFrame();
        }
        m_textures.endFrame();
        m_loader.endFrame();
        for (const Intent& i : std::exchange(m_intents, {})) apply(i);
        m_stateReporter.report(m_state, &record);
    }
    m_stateReporter.report(m_state);
    return 0;
}

AppSettings WorkstationShell::settingsToSave() const {
    AppSettings s = m_settings;
    m_window->windowGeometry(s.windowX, s.windowY, s.windowWidth, s.windowHeight, s.maximized);
    // A window made smaller than the smallest we open is remembered at that smallest size.
    s.windowWidth = std::max(s.windowWidth, kMinWindowWidth);
    s.windowHeight = std::max(s.windowHeight, kMinWindowHeight);
    s.layout = m_state.layout;
    s.overlay = m_state.viewports.front().overlay;
    if (!m_state.annotate.user.empty())
        s.lastUser = m_state.annotate.user;
    return s;
}

}  // namespace cicatrix::workstation
