// What panels ask for. Panels push intents while drawing; the app applies them after the frame's
// panels have drawn (state never changes mid-frame).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "render/view_transform.hpp"

namespace cicatrix::workstation {

namespace intent {
struct SearchPatients {
    std::string text;
};
struct SelectPatient {
    std::int64_t id;
};
struct SelectWound {
    std::int64_t id;
};
struct SelectPhoto {
    std::int64_t id;
};
struct StepPhoto {
    int delta;
};  // ±1 within the timeline; large values clamp to the ends
struct SetView {
    render::ViewTransform view;
};
struct FitView {};
struct ActualPixels {};
struct ToggleHelp {};
struct OpenImport {
    std::vector<std::string> paths;
};
struct CloseImport {};
struct StartImport {};
struct SetSidebarWidth {
    float width;
};
struct SetTimelineHeight {
    float height;
};
struct AnalysePhoto {
    std::int64_t photoId;
};
struct AnalyseWound {
    std::int64_t woundId;
};
struct AnalyseLibrary {};
struct SetOverlay {
    bool visible;
    float opacity;
    bool outline;
    bool tissueColours;
    bool showAxes;
};
struct StartCalibration {
    std::int64_t photoId;
};
struct SetCalibrationLine {
    render::Vec2 a, b;
};
struct SaveCalibration {
    double lengthMm;
};
struct CancelCalibration {};
}  // namespace intent

using Intent =
    std::variant<intent::SearchPatients, intent::SelectPatient, intent::SelectWound,
                 intent::SelectPhoto, intent::StepPhoto, intent::SetView, intent::FitView,
                 intent::ActualPixels, intent::ToggleHelp, intent::OpenImport, intent::CloseImport,
                 intent::StartImport, intent::SetSidebarWidth, intent::SetTimelineHeight,
                 intent::AnalysePhoto, intent::AnalyseWound, intent::AnalyseLibrary, intent::SetOverlay,
                 intent::StartCalibration, intent::SetCalibrationLine, intent::SaveCalibration,
                 intent::CancelCalibration>;

}  // namespace cicatrix::workstation
