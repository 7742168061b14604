// What panels ask for. Panels push intents while drawing; the app applies them after the frame's
// panels have drawn (state never changes mid-frame).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "render/view_transform.hpp"
#include "workstation/app/server_config.hpp"
#include "workstation/gui/annotate_intents.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/compare_intents.hpp"
#include "workstation/gui/triage_intents.hpp"

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
    std::size_t viewport;
    render::ViewTransform view;
};
struct FitView {
    std::size_t viewport;
};
struct ActualPixels {
    std::size_t viewport;
};
struct ZoomBy {  // about the viewport's centre
    std::size_t viewport;
    double factor;
};
struct ToggleHelp {};
struct OpenImport {
    std::vector<std::string> paths;
};
struct CloseImport {};
struct StartImport {
    ImportForm form;
};
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
    std::size_t viewport;
    OverlaySettings overlay;
};
struct SwitchWorkspace {
    std::string name;
};
struct Quit {};
struct OpenServers {};
struct CloseServers {};
struct AddServer {
    ServerForm form;
};
struct RemoveServer {
    std::string name;
};
struct TestServer {
    std::string name;
};
struct SyncNow {
    bool periodic = false;  // from the timer: no notice when there is nothing to do
};
struct CancelSync {};
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
struct Annotate {  // the Annotate workspace (annotate_intents.hpp)
    annotate_action::Action action;
};
struct WriteReport {};  // the selected wound's evolution report (PDF)
struct Triage {         // the Triage workspace (triage_intents.hpp)
    triage_action::Action action;
};
struct Compare {  // the Compare workspace (compare_intents.hpp)
    compare_action::Action action;
};
}  // namespace intent

using Intent = std::variant<
    intent::SearchPatients, intent::SelectPatient, intent::SelectWound, intent::SelectPhoto,
    intent::StepPhoto, intent::SetView, intent::FitView, intent::ActualPixels, intent::ZoomBy,
    intent::ToggleHelp, intent::OpenImport, intent::CloseImport, intent::StartImport,
    intent::SetSidebarWidth, intent::SetTimelineHeight, intent::AnalysePhoto, intent::AnalyseWound,
    intent::AnalyseLibrary, intent::SetOverlay, intent::StartCalibration,
    intent::SetCalibrationLine, intent::SaveCalibration, intent::CancelCalibration,
    intent::SwitchWorkspace, intent::Quit, intent::OpenServers, intent::CloseServers,
    intent::AddServer, intent::RemoveServer, intent::TestServer, intent::SyncNow,
    intent::CancelSync, intent::Annotate, intent::Triage, intent::Compare, intent::WriteReport>;

}  // namespace cicatrix::workstation
