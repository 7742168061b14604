// Everything the panels show, as plain values. Changed only on the main thread, by the app
// applying intents and job results; panels read it through const references.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ml/healing_trends.hpp"
#include "render/view_transform.hpp"
#include "library/records.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

// Splitter positions; saved with the settings.
struct UiLayout {
    float sidebarWidth = 340.0f;
    float timelineHeight = 230.0f;
    float infoWidth = 340.0f;
};

struct ImportForm {
    std::string paths;  // one per line
    std::string patientExternalId;
    std::string patientName;
    std::string woundLabel;
    std::string site;
    int lateralityIndex = 4;  // "unspecified"
    int etiologyIndex = 8;    // "unknown"
    int sourceIndex = 3;      // "imported"
    std::vector<std::string> lastReport;
    bool running = false;
};

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
    std::optional<std::array<double, 4>> tissueErrorPoints;  // measured, by tissue id 1..4
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
    std::optional<std::int64_t> selectedPhotoId;

    // Analyses: the latest per photo of the selected wound, the wound's trend, alert counts.
    std::map<std::int64_t, Analysis> analyses;  // by photo id
    ml::HealingTrend trend;
    std::map<std::int64_t, int> woundAlerts;    // by wound id
    std::map<std::int64_t, int> patientAlerts;  // by patient id
    std::map<std::int64_t, std::string> patientAlertText;
    ModelStatus model;
    OverlaySettings overlay;
    bool analysing = false;
    std::optional<CalibrationDraft> calibration;  // set while the ruler tool is active

    render::ViewTransform view;
    UiLayout layout;
    bool showHelp = false;
    bool showImport = false;
    ImportForm importForm;
    std::deque<Notice> notices;

    [[nodiscard]] const Photo* selectedPhoto() const;
    [[nodiscard]] const PatientSummary* selectedPatient() const;
    [[nodiscard]] const WoundSummary* selectedWound() const;
    [[nodiscard]] int selectedPhotoIndex() const;  // -1 when none
    [[nodiscard]] const Analysis* selectedAnalysis() const;
};

}  // namespace cicatrix::workstation
