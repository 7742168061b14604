// Widgets edit a copy of the tool settings and send it back as one SetTools intent.
#include "workstation/gui/tool_palette.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <array>

#include "annotate/brush.hpp"
#include "annotate/label_classes.hpp"
#include "workstation/gui/label_layer.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace act = annotate_action;

namespace {
struct ToolButton {
    AnnotateTool tool;
    const char* label;
};
constexpr std::array<ToolButton, 7> kTools{{
    {AnnotateTool::Brush, "Brush (B)"},
    {AnnotateTool::Eraser, "Eraser (E)"},
    {AnnotateTool::PolygonFill, "Polygon fill (P)"},
    {AnnotateTool::PolygonCut, "Polygon cut"},
    {AnnotateTool::FloodFill, "Flood fill"},
    {AnnotateTool::GrabCutBox, "GrabCut box (G)"},
    {AnnotateTool::Superpixel, "Superpixel"},
}};

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "%s", text);
}
}  // namespace

const char* toolName(AnnotateTool tool) {
    for (const ToolButton& b : kTools) {
        if (b.tool == tool)
            return b.label;
    }
    return "";
}

void ToolPalette::draw(const AppState& state, DrawContext& ctx) {
    const AnnotateUiState& a = state.annotate;
    AnnotateToolSettings t = a.tools;
    bool changed = false;
    const auto push = [&](act::Action action) {
        ctx.intents.push_back(intent::Annotate{std::move(action)});
    };

    ImGui::Text("Annotator: %s", a.user.empty() ? "—" : a.user.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Change"))
        push(act::AskUser{});

    heading("Tools");
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    for (std::size_t i = 0; i < kTools.size(); ++i) {
        const bool active = t.tool == kTools[i].tool;
        if (active)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(kTools[i].label, ImVec2(half, 0))) {
            t.tool = kTools[i].tool;
            changed = true;
        }
        if (active)
            ImGui::PopStyleColor();
        if (i % 2 == 0 && i + 1 < kTools.size())
            ImGui::SameLine();
    }
    const float third =
        (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    if (ImGui::Button("Fill holes", ImVec2(third, 0)))
        push(act::Cleanup{act::CleanupKind::FillHoles});
    ImGui::SameLine();
    if (ImGui::Button("Islands", ImVec2(third, 0)))
        push(act::Cleanup{act::CleanupKind::RemoveIslands});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Remove small islands");
    ImGui::SameLine();
    if (ImGui::Button("Smooth", ImVec2(third, 0)))
        push(act::Cleanup{act::CleanupKind::Smooth});

    heading("Classes (digit keys)");
    for (const annotate::LabelClass& c : annotate::labelClasses()) {
        ImGui::PushID(c.id);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        const auto rgb = annotate::rgbOnDark(c.id);
        const std::string row = fmt::format("      {}   {}", c.hotkey, c.display);
        if (ImGui::Selectable(row.c_str(), t.classId == c.id)) {
            t.classId = c.id;
            changed = true;
        }
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 s0(p.x + 2, p.y + 1), s1(p.x + 2 + h * 1.2f, p.y + h - 1);
        if (c.id == annotate::kBackgroundLabel)
            dl->AddRect(s0, s1, IM_COL32(200, 200, 200, 255), 2.0f);
        else
            dl->AddRectFilled(s0, s1, IM_COL32(rgb[0], rgb[1], rgb[2], 255), 2.0f);
        const auto pixels = a.classPixels.find(c.id);
        if (pixels != a.classPixels.end() && c.id != annotate::kBackgroundLabel) {
            const std::string n = fmt::format("{}", pixels->second);
            ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(n.c_str()).x);
            ImGui::TextColored(theme::kMutedText, "%s", n.c_str());
        }
        ImGui::PopID();
    }

    heading("Brush and layer");
    ImGui::SetNextItemWidth(-80);
    changed |= ImGui::SliderInt("radius [ ]", &t.brushRadius, annotate::kMinBrushRadius,
                                annotate::kMaxBrushRadius, "%d px", ImGuiSliderFlags_Logarithmic);
    ImGui::SetNextItemWidth(-80);
    changed |= ImGui::SliderFloat("opacity", &t.opacity, 0.05f, 1.0f, "%.2f");
    auto tolerance = static_cast<float>(t.floodTolerance);
    ImGui::SetNextItemWidth(-80);
    if (ImGui::SliderFloat("fill tol.", &tolerance, 0, 100, "%.0f")) {
        t.floodTolerance = tolerance;
        changed = true;
    }
    changed |= ImGui::Checkbox("Protect other classes", &t.protectOtherClasses);
    changed |= ImGui::Checkbox("Paint only inside the wound", &t.insideWoundOnly);

    heading("Show");
    if (ImGui::RadioButton("Current label", !t.showAiDraft)) {
        t.showAiDraft = false;
        changed = true;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(!a.document || !a.document->hasAiDraft);
    if (ImGui::RadioButton("AI draft", t.showAiDraft)) {
        t.showAiDraft = true;
        changed = true;
    }
    ImGui::EndDisabled();

    heading("History");
    ImGui::BeginDisabled(!a.undoName);
    if (ImGui::Button(a.undoName ? fmt::format("Undo {}###undo", *a.undoName).c_str()
                                 : "Undo###undo"))
        push(act::Undo{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!a.redoName);
    if (ImGui::Button(a.redoName ? fmt::format("Redo {}###redo", *a.redoName).c_str()
                                 : "Redo###redo"))
        push(act::Redo{});
    ImGui::EndDisabled();
    if (a.redoCount > 0)
        ImGui::TextColored(theme::kWarningText, "The next edit discards %zu redo step%s.",
                           a.redoCount, a.redoCount == 1 ? "" : "s");
    if (changed)
        push(act::SetTools{t});
}

}  // namespace cicatrix::workstation
