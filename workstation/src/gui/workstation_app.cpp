// Frame loop, intents, background loading of lists and pixels, textures, shortcuts, screenshots.
#include "workstation/gui/workstation_app.hpp"

#include <fmt/format.h>
#include <imgui.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "render/gl_window.hpp"
#include "render/keys.hpp"
#include "render/texture_cache.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/app/settings.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/help_panel.hpp"
#include "workstation/gui/import_dialog.hpp"
#include "workstation/gui/patient_panel.hpp"
#include "workstation/gui/photo_info_panel.hpp"
#include "workstation/gui/status_bar.hpp"
#include "workstation/gui/timeline_panel.hpp"
#include "workstation/gui/viewer_panel.hpp"
#include "library/photo_decoder.hpp"
#include "workstation/error.hpp"
#include "workstation/jobs/job_system.hpp"
#include "library/library.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_importer.hpp"
#include "library/photo_repository.hpp"
#include "library/thumbnail_cache.hpp"
#include "library/wound_repository.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/gui/analysis_controller.hpp"
#include "workstation/gui/trend_panel.hpp"
#include "workstation/app/cli_analysis.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxTextureSide = 8192;  // larger photos are shown area-downsampled

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

class WorkstationApp final : public TextureProvider {
  public:
    WorkstationApp(const GuiOptions& options, std::unique_ptr<render::GlWindow> window,
                   std::unique_ptr<Library> library, AppSettings settings)
        : m_options(options),
          m_window(std::move(window)),
          m_library(std::move(library)),
          m_settings(settings),
          m_thumbnails(m_library->thumbnailDir()),
          m_textures(settings.textureBudgetMiB << 20),
          m_analysis(*m_library, m_jobs, m_textures, m_state,
                     [this](std::string text, bool error) { notify(std::move(text), error); },
                     AnalysisSettings{defaultModelDir(), settings.markerMm, settings.alerts}),
          m_jobs(std::max(2u, std::thread::hardware_concurrency()) - 1,
                 [] { render::GlWindow::postEmptyEvent(); }) {
        m_state.libraryDir = m_library->root();
        m_state.layout = settings.layout;
        m_pendingWoundId = options.openWoundId;
        m_state.overlay = settings.overlay;
        m_analysis.loadModel();
        loadPatients(/*selectFirst=*/true);
    }

    ~WorkstationApp() override { m_jobs.cancelAll(); }

    int run();

    // TextureProvider
    const render::Texture* thumbnail(const Photo& photo) override;
    const render::Texture* fullImage(const Photo& photo) override;
    std::optional<OverlayView> overlay(const Photo& photo, const Analysis& analysis) override {
        return m_analysis.overlay(photo, analysis);
    }
    std::string failure(const Photo& photo) const override {
        const auto it = m_failures.find(photo.sha256);
        return it == m_failures.end() ? std::string{} : it->second;
    }

    AppSettings settingsToSave() const;
    void writeStateJson() const;

  private:
    void drawFrame(FrameRecord& record);
    void handleShortcuts();
    void apply(const Intent& intent);
    void notify(std::string text, bool error);

    void loadPatients(bool selectFirst);
    void loadWounds(std::int64_t patientId, std::optional<std::int64_t> selectWound);
    void loadTimeline(std::int64_t woundId);
    void startImport();
    void selectPhotoIndex(int index);

    GuiOptions m_options;
    std::unique_ptr<render::GlWindow> m_window;
    std::unique_ptr<Library> m_library;
    AppSettings m_settings;
    ThumbnailCache m_thumbnails;
    render::TextureCache m_textures;
    AppState m_state;
    std::vector<Intent> m_intents;
    std::set<std::string> m_pending;                          // texture keys with a job in flight
    std::unordered_map<std::string, std::string> m_failures;  // sha → why it cannot be shown
    std::uint64_t m_fullDecodeJob = 0;
    std::string m_fullDecodeKey;
    std::uint64_t m_timelineGeneration = 0;
    std::optional<std::int64_t> m_pendingWoundId;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();

    PatientPanel m_patientPanel;
    TimelinePanel m_timelinePanel;
    TrendPanel m_trendPanel;
    ViewerPanel m_viewerPanel;
    PhotoInfoPanel m_infoPanel;
    StatusBar m_statusBar;
    HelpPanel m_helpPanel;
    ImportDialog m_importDialog;

    // JobSystem last: its destructor joins workers whose callbacks reference the members above.
    // Declared before the job system so that it outlives the workers' last callbacks.
    AnalysisController m_analysis;
    JobSystem m_jobs;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void WorkstationApp::notify(std::string text, bool error) {
    if (error) {
        std::cerr << "cicatrix: " << text << "\n";
    }
    m_state.notices.push_back({std::move(text), error, secondsSince(m_start)});
    while (m_state.notices.size() > 50) {
        m_state.notices.pop_front();
    }
}

// ---- background loading --------------------------------------------------------------------

void WorkstationApp::loadPatients(bool selectFirst) {
    const std::string search = m_state.patientSearch;
    const std::optional<std::int64_t> pendingWound = m_pendingWoundId;
    m_jobs.submit("Load patients", [this, search, selectFirst, pendingWound](JobContext&) {
        auto patients = m_library->withDatabase(
            [&](SQLite::Database& db) -> Result<std::vector<PatientSummary>> {
                return PatientRepository(db).list(search);
            });
        std::optional<std::int64_t> patientOfWound;
        if (selectFirst && pendingWound) {
            auto wound =
                m_library->withDatabase([&](SQLite::Database& db) -> Result<std::optional<Wound>> {
                    return WoundRepository(db).findById(*pendingWound);
                });
            if (wound && *wound) {
                patientOfWound = (*wound)->patientId;
            }
        }
        m_jobs.post([this, patients = std::move(patients), selectFirst, patientOfWound,
                     search]() mutable {
            if (search != m_state.patientSearch) {
                return;  // a newer search is in flight
            }
            if (!patients) {
                notify(patients.error().message, true);
                return;
            }
            m_state.patients = std::move(*patients);
            if (selectFirst) {
                // Alerts change with analyses (which refresh them), not with a search.
                m_analysis.refreshAlerts();
                if (m_pendingWoundId && !patientOfWound) {
                    notify(
                        fmt::format("wound {} does not exist in this library", *m_pendingWoundId),
                        true);
                    m_pendingWoundId.reset();
                }
                const auto target = patientOfWound ? patientOfWound
                                    : m_state.patients.empty()
                                        ? std::nullopt
                                        : std::optional(m_state.patients.front().patient.id);
                if (target) {
                    apply(intent::SelectPatient{*target});
                }
            }
        });
    });
}

void WorkstationApp::loadWounds(std::int64_t patientId, std::optional<std::int64_t> selectWound) {
    m_jobs.submit("Load wounds", [this, patientId, selectWound](JobContext&) {
        auto wounds =
            m_library->withDatabase([&](SQLite::Database& db) -> Result<std::vector<WoundSummary>> {
                return WoundRepository(db).listForPatient(patientId);
            });
        m_jobs.post([this, patientId, selectWound, wounds = std::move(wounds)]() mutable {
            if (m_state.selectedPatientId != patientId) {
                return;
            }
            if (!wounds) {
                notify(wounds.error().message, true);
                return;
            }
            m_state.wounds = std::move(*wounds);
            std::optional<std::int64_t> target = selectWound;
            if (!target && !m_state.wounds.empty()) {
                target = m_state.wounds.front().wound.id;
            }
            if (target) {
                apply(intent::SelectWound{*target});
            }
        });
    });
}

void WorkstationApp::loadTimeline(std::int64_t woundId) {
    const std::uint64_t generation = ++m_timelineGeneration;
    m_state.timelineLoading = true;
    m_jobs.submit("Load timeline", [this, woundId, generation](JobContext&) {
        struct Loaded {
            std::vector<Photo> photos;
            std::vector<Visit> visits;
        };
        auto loaded = m_library->withDatabase([&](SQLite::Database& db) -> Result<Loaded> {
            PhotoRepository repo(db);
            return Loaded{repo.timeline(woundId), repo.visitsForWound(woundId)};
        });
        m_jobs.post([this, generation, loaded = std::move(loaded)]() mutable {
            if (generation != m_timelineGeneration) {
                return;
            }
            m_state.timelineLoading = false;
            if (!loaded) {
                notify(loaded.error().message, true);
                return;
            }
            const std::optional<std::int64_t> keep = m_state.selectedPhotoId;
            m_state.timeline = std::move(loaded->photos);
            m_state.visits = std::move(loaded->visits);
            m_state.selectedPhotoId.reset();
            if (keep &&
                std::ranges::find(m_state.timeline, *keep, &Photo::id) != m_state.timeline.end()) {
                m_state.selectedPhotoId = keep;
            } else if (!m_state.timeline.empty()) {
                m_state.selectedPhotoId = m_state.timeline.back().id;  // the latest photo
            }
            m_state.view.fitMode = true;
            if (m_state.selectedWoundId) m_analysis.refreshWound(*m_state.selectedWoundId);
        });
    });
}

const render::Texture* WorkstationApp::thumbnail(const Photo& photo) {
    const std::string key = "thumb:" + photo.sha256;
    if (const auto* tex = m_textures.find(key)) {
        return tex;
    }
    if (m_pending.contains(key) || m_failures.contains(photo.sha256)) {
        return nullptr;
    }
    m_pending.insert(key);
    m_jobs.submit("Thumbnail: " + photo.originalName, [this, photo, key](JobContext& ctx) {
        if (ctx.stopRequested()) {
            m_jobs.post([this, key] { m_pending.erase(key); });
            return;
        }
        auto thumb = m_thumbnails.get(m_library->store(), photo);
        m_jobs.post([this, key, sha = photo.sha256, thumb = std::move(thumb)] {
            m_pending.erase(key);
            if (!thumb) {
                m_failures[sha] = thumb.error().message;
                return;
            }
            m_textures.insert(key, *thumb);  // upload on the main thread
        });
    });
    return nullptr;
}

const render::Texture* WorkstationApp::fullImage(const Photo& photo) {
    if (photo.sha256.empty()) {
        return nullptr;
    }
    const std::string key = "full:" + photo.sha256;
    if (const auto* tex = m_textures.find(key)) {
        return tex;
    }
    if (m_pending.contains(key) || m_failures.contains(photo.sha256)) {
        return nullptr;
    }
    if (m_fullDecodeJob != 0) {
        m_jobs.cancel(m_fullDecodeJob);  // the user moved on: drop the previous decode
        m_pending.erase(m_fullDecodeKey);
    }
    m_fullDecodeKey = key;
    m_pending.insert(key);
    m_fullDecodeJob = m_jobs.submit(
        "Decode: " + photo.originalName,
        [this, photo, key](JobContext& ctx) {
            Result<cv::Mat> pixels = fail(ErrorCode::Cancelled, "cancelled");
            if (!ctx.stopRequested()) {
                pixels = loadStoredPhoto(*m_library, photo);
                if (pixels) {
                    *pixels = fitLongSide(*pixels, kMaxTextureSide);
                }
            }
            m_jobs.post([this, key, sha = photo.sha256, pixels = std::move(pixels)] {
                m_pending.erase(key);
                if (!pixels) {
                    if (pixels.error().code != ErrorCode::Cancelled) {
                        m_failures[sha] = pixels.error().message;
                    }
                    return;
                }
                m_textures.insert(key, *pixels);
            });
        },
        JobPriority::High);
    return nullptr;
}

void WorkstationApp::startImport() {
    ImportForm& form = m_state.importForm;
    ImportTarget target;
    target.patientExternalId = form.patientExternalId;
    target.patientDisplayName = form.patientName;
    target.woundLabel = form.woundLabel;
    target.woundDetails.anatomicalSite = form.site;
    target.woundDetails.laterality =
        std::string(woundLateralities()[static_cast<std::size_t>(form.lateralityIndex)]);
    target.woundDetails.etiology =
        std::string(woundEtiologies()[static_cast<std::size_t>(form.etiologyIndex)]);
    static constexpr std::array<PhotoSource, 4> kSources{
        PhotoSource::Clinic, PhotoSource::HomeNurse, PhotoSource::Patient, PhotoSource::Imported};
    target.source = kSources[static_cast<std::size_t>(form.sourceIndex)];
    std::vector<fs::path> paths;
    std::stringstream lines(form.paths);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) {
            paths.emplace_back(line);
        }
    }
    form.running = true;
    form.lastReport.clear();
    m_jobs.submit("Import", [this, target, paths](JobContext& ctx) {
        PhotoImporter importer(*m_library);
        auto reports = importer.importPaths(
            paths, target,
            [&](std::size_t done, std::size_t total) {
                ctx.setProgress(static_cast<float>(done) / total);
            },
            ctx.stopToken());
        m_jobs.post([this, target, reports = std::move(reports)] {
            ImportForm& f = m_state.importForm;
            f.running = false;
            int imported = 0, rejected = 0;
            std::optional<std::int64_t> woundId;
            for (const ImportReport& r : reports) {
                f.lastReport.push_back(fmt::format("{} {}: {}", toString(r.outcome),
                                                   r.file.filename().string(), r.message));
                imported += r.outcome == ImportOutcome::Imported;
                rejected += r.outcome == ImportOutcome::Rejected;
                if (r.photo && r.outcome == ImportOutcome::Imported) {
                    woundId = r.photo->woundId;
                }
            }
            if (reports.empty()) {
                f.lastReport.push_back("rejected: no JPEG or PNG file found");
            }
            notify(fmt::format("Import: {} imported, {} rejected", imported, rejected),
                   rejected > 0);
            if (woundId) {
                m_pendingWoundId = woundId;
            }
            loadPatients(/*selectFirst=*/woundId.has_value());
        });
    });
}

// ---- intents -------------------------------------------------------------------------------

void WorkstationApp::selectPhotoIndex(int index) {
    if (m_state.timeline.empty()) {
        return;
    }
    index = std::clamp(index, 0, static_cast<int>(m_state.timeline.size()) - 1);
    m_state.selectedPhotoId = m_state.timeline[static_cast<std::size_t>(index)].id;
    m_state.view.fitMode = true;
}

void WorkstationApp::apply(const Intent& intent) {
    std::visit(
        Overloaded{
            [&](const intent::SearchPatients& i) {
                m_state.patientSearch = i.text;
                loadPatients(false);
            },
            [&](const intent::SelectPatient& i) {
                if (m_state.selectedPatientId == i.id && !m_pendingWoundId) {
                    return;
                }
                m_state.selectedPatientId = i.id;
                m_state.wounds.clear();
                m_state.selectedWoundId.reset();
                m_state.timeline.clear();
                m_state.selectedPhotoId.reset();
                loadWounds(i.id, std::exchange(m_pendingWoundId, std::nullopt));
            },
            [&](const intent::SelectWound& i) {
                m_state.selectedWoundId = i.id;
                m_state.timeline.clear();
                m_state.visits.clear();
                m_state.analyses.clear();
                m_state.trend = {};
                m_state.selectedPhotoId.reset();
                loadTimeline(i.id);
            },
            [&](const intent::SelectPhoto& i) {
                m_state.selectedPhotoId = i.id;
                m_state.view.fitMode = true;
            },
            [&](const intent::StepPhoto& i) {
                const int current = m_state.selectedPhotoIndex();
                selectPhotoIndex(current < 0 ? 0 : current + i.delta);
            },
            [&](const intent::SetView& i) { m_state.view = i.view; },
            [&](const intent::FitView&) { m_state.view.fitMode = true; },
            [&](const intent::ActualPixels&) {
                if (const Photo* p = m_state.selectedPhoto()) {
                    m_state.view = render::actualPixels(
                        {static_cast<double>(p->width), static_cast<double>(p->height)});
                }
            },
            [&](const intent::ToggleHelp&) { m_state.showHelp = !m_state.showHelp; },
            [&](const intent::OpenImport& i) {
                ImportForm& f = m_state.importForm;
                if (!i.paths.empty()) {
                    f.paths.clear();
                    for (const auto& p : i.paths) {
                        f.paths += p + "\n";
                    }
                }
                if (const PatientSummary* p = m_state.selectedPatient()) {
                    f.patientExternalId = p->patient.externalId;
                    f.patientName = p->patient.displayName;
                }
                if (const WoundSummary* w = m_state.selectedWound()) {
                    f.woundLabel = w->wound.label;
                }
                m_state.showImport = true;
            },
            [&](const intent::CloseImport&) { m_state.showImport = false; },
            [&](const intent::StartImport&) { startImport(); },
            [&](const intent::SetSidebarWidth& i) { m_state.layout.sidebarWidth = i.width; },
            [&](const intent::SetTimelineHeight& i) { m_state.layout.timelineHeight = i.height; },
            [&](const intent::AnalysePhoto& i) {
                const auto it = std::ranges::find(m_state.timeline, i.photoId, &Photo::id);
                if (it != m_state.timeline.end()) m_analysis.analysePhotos({*it}, it->originalName);
            },
            [&](const intent::AnalyseWound& i) { m_analysis.analyseWound(i.woundId); },
            [&](const intent::AnalyseLibrary&) { m_analysis.analyseLibrary(); },
            [&](const intent::StartCalibration& i) { m_state.calibration = CalibrationDraft{i.photoId, false, {}, {}}; },
            [&](const intent::SetCalibrationLine& i) {
                if (m_state.calibration) {
                    m_state.calibration->a = i.a;
                    m_state.calibration->b = i.b;
                    m_state.calibration->hasLine = true;
                }
            },
            [&](const intent::CancelCalibration&) { m_state.calibration.reset(); },
            [&](const intent::SaveCalibration& i) {
                if (m_state.calibration && m_state.calibration->hasLine) {
                    m_analysis.saveCalibration(*m_state.calibration, i.lengthMm);
                }
                m_state.calibration.reset();
            },
            [&](const intent::SetOverlay& i) {
                m_state.overlay = {i.visible, i.opacity, i.outline, i.tissueColours, i.showAxes};
            },
        },
        intent);
}

void WorkstationApp::handleShortcuts() {
    using render::Key;
    using render::keyPressed;
    auto pressed = [](Key key) { return keyPressed(key); };
    if (pressed(Key::Escape)) {
        if (m_state.showHelp)
            m_intents.push_back(intent::ToggleHelp{});
        if (m_state.showImport)
            m_intents.push_back(intent::CloseImport{});
    }
    if (ImGui::GetIO().WantTextInput) {
        return;  // keys belong to the text field
    }
    if (pressed(Key::Right))
        m_intents.push_back(intent::StepPhoto{+1});
    if (pressed(Key::Left))
        m_intents.push_back(intent::StepPhoto{-1});
    if (pressed(Key::Home))
        m_intents.push_back(intent::StepPhoto{-1'000'000});
    if (pressed(Key::End))
        m_intents.push_back(intent::StepPhoto{+1'000'000});
    if (pressed(Key::F))
        m_intents.push_back(intent::FitView{});
    if (pressed(Key::A) && m_state.selectedPhoto() != nullptr)
        m_intents.push_back(intent::AnalysePhoto{m_state.selectedPhoto()->id});
    if (pressed(Key::O)) {
        const OverlaySettings& o = m_state.overlay;
        m_intents.push_back(intent::SetOverlay{!o.visible, o.opacity, o.outline, o.tissueColours, o.showAxes});
    }
    if (pressed(Key::One))
        m_intents.push_back(intent::ActualPixels{});
    if (pressed(Key::F1) || keyPressed(Key::Slash, render::kShift))
        m_intents.push_back(intent::ToggleHelp{});
    if (keyPressed(Key::I, render::kCtrl))
        m_intents.push_back(intent::OpenImport{});
    if (keyPressed(Key::Q, render::kCtrl))
        m_window->requestClose();
    const bool zoomIn = pressed(Key::KeypadPlus) || pressed(Key::Plus);
    const bool zoomOut = pressed(Key::KeypadMinus) || pressed(Key::Minus);
    if ((zoomIn || zoomOut) && m_state.selectedPhoto() != nullptr) {
        // Zoom about the viewer centre: with the centre as anchor only the scale changes.
        render::ViewTransform v = m_state.view;
        v.scale = std::clamp(v.scale * (zoomIn ? 1.25 : 0.8), render::ViewTransform::kMinScale,
                             render::ViewTransform::kMaxScale);
        v.fitMode = false;
        m_intents.push_back(intent::SetView{v});
    }
    if ((pressed(Key::Up) || pressed(Key::Down)) && !m_state.wounds.empty()) {
        const auto it = std::ranges::find_if(m_state.wounds, [&](const WoundSummary& w) {
            return w.wound.id == m_state.selectedWoundId;
        });
        int i = it == m_state.wounds.end() ? 0 : static_cast<int>(it - m_state.wounds.begin());
        i = std::clamp(i + (pressed(Key::Down) ? 1 : -1), 0,
                       static_cast<int>(m_state.wounds.size()) - 1);
        if (m_state.wounds[static_cast<std::size_t>(i)].wound.id != m_state.selectedWoundId) {
            m_intents.push_back(
                intent::SelectWound{m_state.wounds[static_cast<std::size_t>(i)].wound.id});
        }
    }
}

// ---- frame ---------------------------------------------------------------------------------

void WorkstationApp::drawFrame(FrameRecord& record) {
    DrawContext ctx{m_intents, *this, record, secondsSince(m_start)};
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("Cicatrix###host", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_MenuBar);
    ImGui::PopStyleVar();
    if (ImGui::BeginMenuBar()) {
        if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("Import photos…", "Ctrl+I"))
                m_intents.push_back(intent::OpenImport{});
            if (ImGui::MenuItem("Quit", "Ctrl+Q"))
                m_window->requestClose();
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("View")) {
            if (ImGui::MenuItem("Fit photo", "F"))
                m_intents.push_back(intent::FitView{});
            if (ImGui::MenuItem("Actual pixels", "1"))
                m_intents.push_back(intent::ActualPixels{});
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Analysis")) {
            const Photo* photo = m_state.selectedPhoto();
            if (ImGui::MenuItem("Analyse this photo", "A", false, photo != nullptr))
                m_intents.push_back(intent::AnalysePhoto{photo->id});
            if (ImGui::MenuItem("Analyse this wound", nullptr, false, m_state.selectedWoundId.has_value()))
                m_intents.push_back(intent::AnalyseWound{*m_state.selectedWoundId});
            if (ImGui::MenuItem("Analyse the whole library")) m_intents.push_back(intent::AnalyseLibrary{});
            ImGui::Separator();
            OverlaySettings o = m_state.overlay;
            if (ImGui::MenuItem("Show overlay", "O", &o.visible) || ImGui::MenuItem("Outline only", nullptr, &o.outline) ||
                ImGui::MenuItem("Tissue colours (experimental)", nullptr, &o.tissueColours) ||
                ImGui::MenuItem("Length and width", nullptr, &o.showAxes))
                m_intents.push_back(intent::SetOverlay{o.visible, o.opacity, o.outline, o.tissueColours, o.showAxes});
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Help")) {
            if (ImGui::MenuItem("Keyboard and mouse", "F1"))
                m_intents.push_back(intent::ToggleHelp{});
            ImGui::EndMenu();
        }
        ImGui::EndMenuBar();
    }

    const float statusHeight = ImGui::GetFrameHeightWithSpacing() + 6.0f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float splitter = 6.0f;
    const float bodyHeight = avail.y - statusHeight;
    UiLayout& layout = m_state.layout;
    const float sidebar = std::clamp(layout.sidebarWidth, 200.0f, std::max(200.0f, avail.x * 0.5f));

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::BeginChild("sidebar", ImVec2(sidebar, bodyHeight), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    m_patientPanel.draw(m_state, ctx);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##split-v", ImVec2(splitter, bodyHeight));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive())
        m_intents.push_back(intent::SetSidebarWidth{sidebar + ImGui::GetIO().MouseDelta.x});
    ImGui::SameLine(0, 0);

    ImGui::BeginGroup();
    const float rightWidth = avail.x - sidebar - splitter;
    const float timelineHeight =
        std::clamp(layout.timelineHeight, 140.0f, std::max(140.0f, bodyHeight * 0.6f));
    ImGui::BeginChild("timeline", ImVec2(rightWidth, timelineHeight), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    m_timelinePanel.draw(m_state, ctx);
    ImGui::EndChild();
    const float trendHeight = m_state.selectedWound() == nullptr ? 0.0f
                              : m_state.analyses.empty()         ? ImGui::GetFrameHeightWithSpacing() + 8.0f
                                                                 : std::clamp(bodyHeight * 0.2f, 150.0f, 220.0f);
    if (trendHeight > 0.0f) {
        ImGui::BeginChild("trend", ImVec2(rightWidth, trendHeight), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        m_trendPanel.draw(m_state, ctx);
        ImGui::EndChild();
    }
    ImGui::InvisibleButton("##split-h", ImVec2(rightWidth, splitter));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    if (ImGui::IsItemActive())
        m_intents.push_back(
            intent::SetTimelineHeight{timelineHeight + ImGui::GetIO().MouseDelta.y});
    const float viewerHeight = bodyHeight - timelineHeight - trendHeight - splitter;
    const float infoWidth = std::clamp(layout.infoWidth, 220.0f, 420.0f);
    ImGui::PopStyleVar();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("viewer", ImVec2(rightWidth - infoWidth, viewerHeight), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    m_viewerPanel.draw(m_state, ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::SameLine(0, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::BeginChild("info", ImVec2(infoWidth, viewerHeight), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    m_infoPanel.draw(m_state, ctx);
    ImGui::EndChild();
    ImGui::EndGroup();

    ImGui::Separator();
    ImGui::SetCursorPosX(10);
    StatusInfo info{m_jobs.status(), m_textures.usedBytes(), m_textures.budgetBytes()};
    m_statusBar.draw(m_state, info, ctx);
    ImGui::PopStyleVar();
    ImGui::End();

    m_helpPanel.draw(m_state, ctx);
    m_importDialog.draw(m_state, m_state.importForm, ctx);
}

int WorkstationApp::run() {
    const bool screenshot = !m_options.screenshotPath.empty();
    int frame = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!m_window->shouldClose()) {
        if (screenshot) {
            m_window->pollEvents();
        } else {
            m_window->waitEvents(m_jobs.idle() ? 0.5 : 0.05);
        }
        m_jobs.drainMainThreadQueue();
        for (const std::string& failure : m_jobs.takeFailures()) {
            notify(failure, true);
        }
        if (auto dropped = m_window->takeDroppedPaths(); !dropped.empty()) {
            m_intents.push_back(intent::OpenImport{dropped});
        }
        m_textures.beginFrame();
        m_window->beginFrame();
        handleShortcuts();
        FrameRecord record;
        drawFrame(record);
        ++frame;
        // Screenshot mode: at least `frames` frames, and the jobs those frames asked for done
        // (so thumbnails are on screen), or a minute at most.
        const bool done =
            screenshot && frame >= m_options.frames &&
            ((m_jobs.idle() && m_intents.empty()) || std::chrono::steady_clock::now() > deadline);
        if (done) {
            const cv::Mat image = m_window->captureBeforeSwap();
            m_window->swap();
            if (!cv::imwrite(m_options.screenshotPath, image)) {
                std::cerr << "cicatrix: cannot write " << m_options.screenshotPath << "\n";
                return 1;
            }
            if (!m_options.layoutJsonPath.empty()) {
                nlohmann::json j;
                j["frames"] = frame;
                j["width"] = image.cols;
                j["height"] = image.rows;
                j["timeline_photos"] = m_state.timeline.size();
                j["selected_wound"] = m_state.selectedWoundId ? *m_state.selectedWoundId : -1;
                for (const DrawnRect& r : record.rects) {
                    j["rects"].push_back(
                        {{"what", r.what}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}});
                }
                std::ofstream(m_options.layoutJsonPath) << j.dump(2) << "\n";
            }
            std::cout << "screenshot written to " << m_options.screenshotPath << " after " << frame
                      << " frames\n";
            return 0;
        }
        m_window->endFrame();
        m_textures.endFrame();
        for (const Intent& i : std::exchange(m_intents, {})) {
            apply(i);
        }
    }
    writeStateJson();
    return 0;
}

void WorkstationApp::writeStateJson() const {
    if (m_options.stateJsonPath.empty()) {
        return;
    }
    nlohmann::json j;
    j["selected_patient"] = m_state.selectedPatientId ? *m_state.selectedPatientId : -1;
    j["selected_wound"] = m_state.selectedWoundId ? *m_state.selectedWoundId : -1;
    j["selected_photo"] = m_state.selectedPhotoId ? *m_state.selectedPhotoId : -1;
    j["selected_photo_index"] = m_state.selectedPhotoIndex();
    j["timeline_photos"] = m_state.timeline.size();
    j["overlay_visible"] = m_state.overlay.visible;
    j["help_visible"] = m_state.showHelp;
    j["view_fit"] = m_state.view.fitMode;
    j["view_scale"] = m_state.view.scale;
    std::ofstream(m_options.stateJsonPath) << j.dump(2) << "\n";
}

AppSettings WorkstationApp::settingsToSave() const {
    AppSettings s = m_settings;
    m_window->windowGeometry(s.windowX, s.windowY, s.windowWidth, s.windowHeight, s.maximized);
    s.layout = m_state.layout;
    s.overlay = m_state.overlay;
    return s;
}

}  // namespace

int runWorkstation(const GuiOptions& options) {
    const bool screenshot = !options.screenshotPath.empty();
    auto library = Library::open(options.libraryDir);
    if (!library) {
        std::cerr << "cicatrix: " << library.error().message << "\n";
        return 1;
    }
    const fs::path settingsFile = configDir() / "settings.json";
    AppSettings settings = screenshot ? AppSettings{} : loadSettings(settingsFile);
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
    WorkstationApp app(options, std::move(window), std::move(*library), settings);
    const int rc = app.run();
    if (!screenshot) {
        if (auto saved = saveSettings(settingsFile, app.settingsToSave()); !saved) {
            std::cerr << "cicatrix: settings not saved: " << saved.error().message << "\n";
        }
    }
    return rc;
}

}  // namespace cicatrix::workstation
