// Background, canvas, overlay and tool marks (clipped to the panel), then the info labels.
#include "workstation/gui/viewer_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "workstation/gui/overlay_painter.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

void label(ImDrawList* dl, ImVec2 at, const std::string& text, ImU32 colour) {
    const ImVec2 pad(8, 6);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddRectFilled(at, ImVec2(at.x + ts.x + 2 * pad.x, at.y + ts.y + 2 * pad.y),
                      IM_COL32(0, 0, 0, 170), 4.0f);
    dl->AddText(ImVec2(at.x + pad.x, at.y + pad.y), colour, text.c_str());
}

}  // namespace

void ViewerPanel::draw(const AppState& state, DrawContext& ctx) {
    const Photo* photo = state.selectedPhoto();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                      IM_COL32(18, 19, 21, 255));
    if (photo == nullptr) {
        const char* text =
            state.timeline.empty() ? "No photo to show." : "Select a photo on the timeline.";
        const ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(origin.x + (size.x - ts.x) / 2, origin.y + (size.y - ts.y) / 2),
                    ImGui::GetColorU32(theme::kMutedText), text);
        return;
    }
    const std::size_t index = state.activeViewport;
    CanvasTool* tool = RulerTool::activeFor(state, *photo) ? &m_ruler : nullptr;
    const auto frame = m_canvas.draw(state, index, *photo, tool, ctx);
    if (!frame) {
        return;
    }
    dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    if (const Analysis* analysis = state.analysisOf(photo->id)) {
        paintAnalysisOverlay(state.viewports[index], *photo, *analysis, frame->canvas, ctx);
    }
    if (tool != nullptr) {
        tool->draw(state, *photo, frame->canvas, dl);
    }
    dl->PopClipRect();

    const render::ViewTransform& view = frame->canvas.view;
    label(dl, ImVec2(origin.x + 8, origin.y + 8),
          fmt::format("{} / {}   {}   {:.0f}%{}", state.selectedPhotoIndex() + 1,
                      state.timeline.size(), photo->capturedAt.substr(0, 10), view.scale * 100.0,
                      state.viewports[index].view.fitMode ? " (fit)" : ""),
          IM_COL32(235, 235, 235, 255));
    if (frame->preview) {
        const std::string failure = ctx.textures.failure(*photo);
        const std::string text =
            failure.empty() ? "Loading full resolution…" : "Cannot display: " + failure;
        const float h = ImGui::CalcTextSize(text.c_str()).y + 12;
        label(dl, ImVec2(origin.x + 8, origin.y + size.y - h - 8), text,
              ImGui::GetColorU32(failure.empty() ? theme::kMutedText : theme::kErrorText));
    }
}

}  // namespace cicatrix::workstation
