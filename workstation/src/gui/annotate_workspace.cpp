// Three columns; the canvas draws the photo, then the label layer (or the AI draft), then the
// tool's marks, then a one-line caption of the tool and class.
#include "workstation/gui/annotate_workspace.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "annotate/label_classes.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {
constexpr float kQueueWidth = 290.0f, kPaletteWidth = 340.0f;

void caption(ImDrawList* dl, ImVec2 at, const std::string& text) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddRectFilled(at, ImVec2(at.x + ts.x + 16, at.y + ts.y + 12), IM_COL32(0, 0, 0, 170), 4);
    dl->AddText(ImVec2(at.x + 8, at.y + 6), IM_COL32(235, 235, 235, 255), text.c_str());
}
}  // namespace

void AnnotateWorkspace::draw(const AppState& state, DrawContext& ctx, float height) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float queueWidth = std::min(kQueueWidth, width * 0.25f);
    const float paletteWidth = std::min(kPaletteWidth, width * 0.3f);
    const ImGuiWindowFlags padded = ImGuiWindowFlags_AlwaysUseWindowPadding;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::BeginChild("annotate-queue", ImVec2(queueWidth, height), false, padded);
    m_queue.draw(state, ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::SameLine(0, 0);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("annotate-canvas", ImVec2(width - queueWidth - paletteWidth, height), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    drawCanvas(state, ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::SameLine(0, 0);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::BeginChild("annotate-palette", ImVec2(paletteWidth, height), false, padded);
    m_palette.draw(state, ctx);
    ImGui::Separator();
    m_review.draw(state, ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    m_userPrompt.draw(state, ctx);
}

void AnnotateWorkspace::drawCanvas(const AppState& state, DrawContext& ctx) {
    const AnnotateUiState& a = state.annotate;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                      IM_COL32(18, 19, 21, 255));
    const AnnotateSession& session = m_controller.session();
    if (!a.document || !session.isOpen()) {
        const char* text = a.opening         ? "Opening the label…"
                           : a.user.empty()  ? "Who is annotating? Enter your name to start."
                           : a.queue.empty() ? "Nothing in the annotation queue."
                                             : "Pick a photo in the queue.";
        const ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(origin.x + (size.x - ts.x) / 2, origin.y + (size.y - ts.y) / 2),
                    ImGui::GetColorU32(theme::kMutedText), text);
        return;
    }
    const Photo& photo = a.document->photo;
    if (m_photoId != photo.id) {
        m_tool.reset();
        m_photoId = photo.id;
    }
    const auto frame = m_canvas.draw(state, kAnnotateViewport, photo, &m_tool, ctx);
    if (!frame)
        return;
    dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    const LabelLayer& layer = a.tools.showAiDraft ? session.draftLayer() : session.layer();
    layer.draw(dl, frame->canvas, a.tools.opacity);
    if (layer.valid()) {
        const render::Vec2 p = frame->canvas.toScreen({0, 0});
        const render::Vec2 q = frame->canvas.toScreen(
            {static_cast<double>(photo.width), static_cast<double>(photo.height)});
        ctx.record.rects.push_back({a.tools.showAiDraft ? "label-layer-draft" : "label-layer",
                                    static_cast<float>(p.x), static_cast<float>(p.y),
                                    static_cast<float>(q.x - p.x), static_cast<float>(q.y - p.y)});
    }
    m_tool.draw(state, photo, frame->canvas, dl);
    dl->PopClipRect();
    const auto cls = annotate::findLabelClass(a.tools.classId);
    const std::string text =
        a.tools.showAiDraft
            ? std::string("AI draft (read-only) — switch to the current label to edit")
            : fmt::format("{} · {} · radius {} px · {:.0f}%{}", toolName(a.tools.tool),
                          cls ? std::string(cls->display) : "?", a.tools.brushRadius,
                          frame->canvas.view.scale * 100.0, frame->preview ? " · loading…" : "");
    caption(dl, ImVec2(origin.x + 8, origin.y + 8), text);
    ctx.record.rects.push_back({"annotate-canvas", origin.x, origin.y, size.x, size.y});
}

}  // namespace cicatrix::workstation
