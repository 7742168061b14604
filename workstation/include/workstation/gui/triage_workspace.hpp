// Triage: the ranked inbox of photos from home (left); the photo from home next to the wound's
// last reviewed photo, with the healing trend below (centre); the item's alerts, the decision
// buttons with their note and the wound's decision history (right). The inbox's quarantine tab
// shows a quarantined photo and its panel (file into a wound, or discard). Main thread only.
#pragma once

#include <array>

#include "workstation/gui/inbox_panel.hpp"
#include "workstation/gui/photo_canvas.hpp"
#include "workstation/gui/quarantine_panel.hpp"
#include "workstation/gui/trend_panel.hpp"
#include "workstation/gui/triage_decision_panel.hpp"
#include "workstation/gui/user_prompt.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

class TriageWorkspace final : public Workspace {
  public:
    static constexpr std::string_view kName = "Triage";
    [[nodiscard]] std::string_view name() const override { return kName; }
    void draw(const AppState& state, DrawContext& ctx, float height) override;

  private:
    void drawQuarantine(const AppState& state, DrawContext& ctx, float centreWidth,
                        float panelWidth, float height);
    void drawPhoto(const AppState& state, DrawContext& ctx, std::size_t viewport,
                   const Photo* photo, const std::string& title, const char* empty);

    InboxPanel m_inbox;
    TriageDecisionPanel m_decision;
    QuarantinePanel m_quarantine;
    TrendPanel m_trend;
    UserPrompt m_userPrompt;
    std::array<PhotoCanvas, 2> m_canvases;
};

}  // namespace cicatrix::workstation
