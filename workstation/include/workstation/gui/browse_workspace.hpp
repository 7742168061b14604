// Browse: patients and wounds (left), the timeline and healing trend (top), the viewer and the
// photo's information and measurement (bottom). Splitters resize through intents. Main thread only.
#pragma once

#include "workstation/gui/patient_panel.hpp"
#include "workstation/gui/photo_info_panel.hpp"
#include "workstation/gui/timeline_panel.hpp"
#include "workstation/gui/trend_panel.hpp"
#include "workstation/gui/viewer_panel.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

class BrowseWorkspace final : public Workspace {
  public:
    static constexpr std::string_view kName = "Browse";
    [[nodiscard]] std::string_view name() const override { return kName; }
    void draw(const AppState& state, DrawContext& ctx, float height) override;

  private:
    PatientPanel m_patients;
    TimelinePanel m_timeline;
    TrendPanel m_trend;
    ViewerPanel m_viewer;
    PhotoInfoPanel m_info;
};

}  // namespace cicatrix::workstation
