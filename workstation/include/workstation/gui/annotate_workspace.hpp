// Annotate: the queue (left), the photo with the label layer and the active tool (centre), the
// tool palette and the review actions (right). Reads the label layers through the controller's
// const session; everything else through the state and intents. Main thread only.
#pragma once

#include <optional>

#include "workstation/gui/annotate_controller.hpp"
#include "workstation/gui/label_tool.hpp"
#include "workstation/gui/photo_canvas.hpp"
#include "workstation/gui/queue_panel.hpp"
#include "workstation/gui/review_panel.hpp"
#include "workstation/gui/tool_palette.hpp"
#include "workstation/gui/user_prompt.hpp"
#include "workstation/gui/workspace.hpp"

namespace cicatrix::workstation {

class AnnotateWorkspace final : public Workspace {
  public:
    static constexpr std::string_view kName = "Annotate";
    explicit AnnotateWorkspace(const AnnotateController& controller) : m_controller(controller) {}
    [[nodiscard]] std::string_view name() const override { return kName; }
    void draw(const AppState& state, DrawContext& ctx, float height) override;

  private:
    void drawCanvas(const AppState& state, DrawContext& ctx);

    const AnnotateController& m_controller;
    QueuePanel m_queue;
    ToolPalette m_palette;
    ReviewPanel m_review;
    UserPrompt m_userPrompt;
    PhotoCanvas m_canvas;
    LabelTool m_tool;
    std::optional<std::int64_t> m_photoId;
};

}  // namespace cicatrix::workstation
