// Applies one intent: selection and loading go to the browse controller, analyses to the analysis
// controller, servers and sync to the sync controller, view and dialog changes straight to the
// state. Runs after the frame has drawn.
#include <algorithm>

#include "workstation/gui/report_job.hpp"
#include "workstation/gui/workstation_shell.hpp"

namespace cicatrix::workstation {

namespace {
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

// Splitter positions stay within what settings.json accepts (the layout clamps further to the
// window when drawing).
constexpr float kMinPanel = 100.0f, kMaxPanel = 8000.0f;

bool validViewport(const AppState& state, std::size_t index) {
    return index < state.viewports.size();
}
}  // namespace

void WorkstationShell::apply(const Intent& intent) {
    std::visit(Overloaded{
                   [&](const intent::SearchPatients& i) { m_browse.search(i.text); },
                   [&](const intent::SelectPatient& i) { m_browse.selectPatient(i.id); },
                   [&](const intent::SelectWound& i) { m_browse.selectWound(i.id); },
                   [&](const intent::SelectPhoto& i) { m_browse.selectPhoto(i.id); },
                   [&](const intent::StepPhoto& i) { m_browse.stepPhoto(i.delta); },
                   [&](const intent::SetView& i) {
                       if (!validViewport(m_state, i.viewport))
                           return;
                       m_state.viewports[i.viewport].view = i.view;
                       if (m_state.workspace == "Compare")
                           m_compare.viewChanged(i.viewport);
                   },
                   [&](const intent::FitView& i) {
                       if (validViewport(m_state, i.viewport))
                           m_state.viewports[i.viewport].view.fitMode = true;
                   },
                   [&](const intent::ActualPixels& i) {
                       if (!validViewport(m_state, i.viewport))
                           return;
                       ViewportState& v = m_state.viewports[i.viewport];
                       if (i.viewport == kTriageReferenceViewport && m_state.triage.reference &&
                           v.photoId == m_state.triage.reference->id) {
                           const Photo& p = *m_state.triage.reference;
                           v.view = render::actualPixels(
                               {static_cast<double>(p.width), static_cast<double>(p.height)});
                           return;
                       }
                       if (const InboxItem* item = m_state.triage.current();
                           i.viewport == kTriageViewport && item && v.photoId == item->photo.id) {
                           v.view = render::actualPixels({static_cast<double>(item->photo.width),
                                                          static_cast<double>(item->photo.height)});
                           return;
                       }
                       const auto& doc = m_state.annotate.document;
                       const Photo* p = !v.photoId ? nullptr
                                        : doc && doc->photo.id == *v.photoId
                                            ? &doc->photo
                                            : m_state.findPhoto(*v.photoId);
                       if (p != nullptr) {
                           v.view = render::actualPixels(
                               {static_cast<double>(p->width), static_cast<double>(p->height)});
                       }
                   },
                   [&](const intent::ZoomBy& i) {
                       if (!validViewport(m_state, i.viewport))
                           return;
                       // About the viewport's centre: with the centre as anchor only the scale
                       // changes.
                       render::ViewTransform& v = m_state.viewports[i.viewport].view;
                       v.scale = std::clamp(v.scale * i.factor, render::ViewTransform::kMinScale,
                                            render::ViewTransform::kMaxScale);
                       v.fitMode = false;
                   },
                   [&](const intent::ToggleHelp&) { m_state.showHelp = !m_state.showHelp; },
                   [&](const intent::OpenImport& i) {
                       ImportForm& f = m_state.import.prefill;
                       if (!i.paths.empty()) {
                           f.paths.clear();
                           for (const auto& p : i.paths) f.paths += p + "\n";
                       }
                       if (const PatientSummary* p = m_state.selectedPatient()) {
                           f.patientExternalId = p->patient.externalId;
                           f.patientName = p->patient.displayName;
                       }
                       if (const WoundSummary* w = m_state.selectedWound())
                           f.woundLabel = w->wound.label;
                       ++m_state.import.prefillGeneration;
                       m_state.import.open = true;
                   },
                   [&](const intent::CloseImport&) { m_state.import.open = false; },
                   [&](const intent::StartImport& i) { m_browse.startImport(i.form); },
                   [&](const intent::SetSidebarWidth& i) {
                       m_state.layout.sidebarWidth = std::clamp(i.width, kMinPanel, kMaxPanel);
                   },
                   [&](const intent::SetTimelineHeight& i) {
                       m_state.layout.timelineHeight = std::clamp(i.height, kMinPanel, kMaxPanel);
                   },
                   [&](const intent::AnalysePhoto& i) {
                       if (const Photo* p = m_state.findPhoto(i.photoId))
                           m_analysis.analysePhotos({*p}, p->originalName);
                   },
                   [&](const intent::AnalyseWound& i) { m_analysis.analyseWound(i.woundId); },
                   [&](const intent::AnalyseLibrary&) { m_analysis.analyseLibrary(); },
                   [&](const intent::SetOverlay& i) {
                       if (validViewport(m_state, i.viewport))
                           m_state.viewports[i.viewport].overlay = i.overlay;
                   },
                   [&](const intent::StartCalibration& i) {
                       m_state.calibration = CalibrationDraft{i.photoId, false, {}, {}};
                   },
                   [&](const intent::SetCalibrationLine& i) {
                       if (!m_state.calibration)
                           return;
                       m_state.calibration->a = i.a;
                       m_state.calibration->b = i.b;
                       m_state.calibration->hasLine = true;
                   },
                   [&](const intent::CancelCalibration&) { m_state.calibration.reset(); },
                   [&](const intent::SaveCalibration& i) {
                       if (m_state.calibration && m_state.calibration->hasLine) {
                           m_analysis.saveCalibration(*m_state.calibration, i.lengthMm);
                       }
                       m_state.calibration.reset();
                   },
                   [&](const intent::SwitchWorkspace& i) {
                       if (std::ranges::any_of(
                               m_workspaces, [&](const auto& w) { return w->name() == i.name; })) {
                           m_state.workspace = i.name;
                           if (i.name == "Annotate")
                               m_annotate.entered();
                           if (i.name == "Triage")
                               m_triage.entered();
                       }
                   },
                   [&](const intent::Quit&) { m_window->requestClose(); },
                   [&](const intent::OpenServers&) {
                       m_state.sync.serversOpen = true;
                       m_sync.loadServers();
                   },
                   [&](const intent::CloseServers&) { m_state.sync.serversOpen = false; },
                   [&](const intent::AddServer& i) { m_sync.addServer(i.form); },
                   [&](const intent::RemoveServer& i) { m_sync.removeServer(i.name); },
                   [&](const intent::TestServer& i) { m_sync.testConnection(i.name); },
                   [&](const intent::SyncNow& i) { m_sync.syncNow(i.periodic); },
                   [&](const intent::CancelSync&) { m_sync.cancelSync(); },
                   [&](const intent::Annotate& i) { m_annotate.apply(i.action); },
                   [&](const intent::Triage& i) { m_triage.apply(i.action); },
                   [&](const intent::Compare& i) { m_compare.apply(i.action); },
                   [&](const intent::WriteReport&) {
                       startEvolutionReport(*m_library, m_jobs, m_state, notifier());
                   },
               },
               intent);
}

}  // namespace cicatrix::workstation
