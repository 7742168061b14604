// Everything the panels show, as plain values. Changed only on the main thread, by the app
// applying intents and job results; panels read it through const references.
#pragma once

#include <array>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "library/records.hpp"
#include "library/sync_server_repository.hpp"
#include "library/sync_state_repository.hpp"
#include "ml/healing_trends.hpp"
#include "render/view_transform.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/annotate_state.hpp"
#include "workstation/gui/compare_state.hpp"
#include "workstation/gui/triage_state.hpp"

namespace cicatrix::workstation {

// Splitter positions; saved with the settings.
struct UiLayout {
    float sidebarWidth = 340.0f;
    float timelineHeight = 230.0f;
    float infoWidth = 340.0f;
};

// What the import dialog submits: the dialog edits its own copy and sends it with StartImport.
struct ImportForm {
    std::string paths;  // one per line
    std::string patientExternalId;
    std::string patientName;
    std::string woundLabel;
    std::string site;
    int lateralityIndex = 4;  // "unspecified"
    int etiologyIndex = 8;    // "unknown"
    int sourceIndex = 3;      // "imported"
};

// The import dialog's state: the form it opens with (pre-filled from the selection or dropped
// files), a generation that changes whenever that pre-fill does, and the last import's report.
struct ImportState {
    bool open = false;
    ImportForm prefill;
    std::uint64_t prefillGeneration = 0;
    std::vector<std::string> lastReport;
    bool running = false;
};

// How the analysis overlay is drawn in one viewport.
struct OverlaySettings {
    bool visible = true;
    float opacity = 0.45f;
    bool outline = false;       // outline only, photo fully visible inside
    bool tissueColours = true;  // per-tissue colours (experimental) instead of one wound colour
    bool showAxes = true;       // longest length and perpendicular width
};

struct ModelStatus {
    bool loading = true;
    std::string label;  // "cicatrix-wound-unet 1.0.0"
    std::string error;
    std::optional<double> validationDice;
    std::optional<std::array<double, 4>>
        tissueErrorPoints;  // measured inside expert outlines, by tissue id 1..4
    std::optional<std::array<double, 4>>
        modelOutlineTissueErrorPoints;  // measured inside the model's outlines
};

// One viewport of a workspace: the photo it shows, its view and how its overlay is drawn. The
// Browse workspace has one; Compare will have two to four.
struct ViewportState {
    std::optional<std::int64_t> photoId;
    render::ViewTransform view;
    OverlaySettings overlay;
};

// A ruler calibration being drawn on the selected photo (image pixels).
struct CalibrationDraft {
    std::int64_t photoId = 0;
    bool hasLine = false;
    render::Vec2 a, b;
};

struct Notice {
    std::string text;
    bool error = false;
    double shownAt = 0.0;
};

// A configured DICOMweb server and what the library remembers of its last sync.
struct ServerRow {
    SyncServer server;
    ServerSyncState state;
};

// "Test connection" on one server: running, then OK or the reason.
struct ConnectionTest {
    bool running = true;
    bool ok = false;
    std::string message;
};

// What one "Sync now" (every configured server, one after the other) did.
struct SyncSummary {
    std::size_t servers = 0, failedServers = 0;
    std::size_t pulled = 0, pushed = 0, markedDeleted = 0, errors = 0;
    std::size_t quarantined = 0;  // photos from home whose token was refused (also in errors)
    std::uint64_t bytes = 0;
    bool cancelled = false;
    std::string firstError;      // the first server failure or per-item problem, if any
    int framesWhileRunning = 0;  // frames the UI drew while the sync job ran
};

// Sync with the hospital image stores: the Servers panel, the running sync, per-patient states.
struct SyncUiState {
    bool serversOpen = false;
    bool serversLoaded = false;
    std::vector<ServerRow> servers;
    std::map<std::string, ConnectionTest> tests;  // by server name
    bool adding = false;                          // an add is being checked and stored
    std::string formError;                        // why the last add was refused
    std::uint64_t formResetGeneration = 0;        // changes when an add succeeded: form clears
    bool running = false;                         // a sync is queued or running
    bool started = false;                         // its job has begun
    std::string progressText;  // "Sync pacs: pulling 120/500 photos · 34.2 MB · 5.1 MB/s"
    float progressFraction = -1.0f;
    int framesWhileRunning = 0;
    int runs = 0;  // syncs finished since the app started
    std::optional<SyncSummary> last;
    // Loaded with the patient list: states by patient external id (one per server), and the
    // photos whose instances were deleted on a server (photo id → server names).
    std::map<std::string, std::vector<PatientSyncStatus>> patientStates;
    std::map<std::int64_t, std::string> deletedOnServer;
};

inline constexpr std::size_t kAnnotateViewport = 1;

struct AppState {
    std::filesystem::path libraryDir;
    std::string libraryError;  // non-empty: the library could not be opened

    std::string patientSearch;
    std::vector<PatientSummary> patients;
    std::optional<std::int64_t> selectedPatientId;
    std::vector<WoundSummary> wounds;
    std::optional<std::int64_t> selectedWoundId;
    std::vector<Photo> timeline;  // photos of the selected wound, by capture time
    std::vector<Visit> visits;    // visits those photos belong to
    bool timelineLoading = false;

    // Viewports of the current workspace; the active one follows the timeline selection.
    // Viewport kAnnotateViewport is the Annotate workspace's own (its photo and view), then
    // Triage's two (kTriageViewport...) and Compare's four (kCompareFirstViewport...).
    std::vector<ViewportState> viewports{kCompareFirstViewport + kCompareSlots};
    std::size_t activeViewport = 0;

    // Analyses: the latest per photo of the selected wound, the wound's trend, alert counts.
    std::map<std::int64_t, Analysis> analyses;  // by photo id
    ml::HealingTrend trend;
    std::map<std::int64_t, int> woundAlerts;    // by wound id
    std::map<std::int64_t, int> patientAlerts;  // by patient id
    std::map<std::int64_t, std::string> patientAlertText;
    ModelStatus model;
    bool analysing = false;
    std::optional<CalibrationDraft> calibration;  // set while the ruler tool is active

    UiLayout layout;
    std::string workspace = "Browse";  // name of the workspace on screen
    bool showHelp = false;
    ImportState import;
    SyncUiState sync;
    AnnotateUiState annotate;
    TriageUiState triage;
    CompareUiState compare;
    std::deque<Notice> notices;

    [[nodiscard]] const ViewportState& viewport() const { return viewports.at(activeViewport); }
    [[nodiscard]] ViewportState& viewport() { return viewports.at(activeViewport); }
    [[nodiscard]] std::optional<std::int64_t> selectedPhotoId() const { return viewport().photoId; }
    [[nodiscard]] const Photo* findPhoto(std::int64_t id) const;  // in the timeline
    [[nodiscard]] const Analysis* analysisOf(std::int64_t photoId) const;
    [[nodiscard]] const Photo* selectedPhoto() const;
    [[nodiscard]] const PatientSummary* selectedPatient() const;
    [[nodiscard]] const WoundSummary* selectedWound() const;
    [[nodiscard]] int selectedPhotoIndex() const;  // -1 when none
    [[nodiscard]] const Analysis* selectedAnalysis() const;
};

// The viewport the keyboard and the View menu act on in the workspace on screen.
[[nodiscard]] std::size_t focusViewport(const AppState& state);

}  // namespace cicatrix::workstation
