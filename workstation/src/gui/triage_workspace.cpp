// Three columns; the centre holds the two photos side by side (each with a caption) above the
// wound's healing trend. The wound's analysis outline is drawn over each photo that has one. In
// the quarantine tab the centre shows the quarantined photo alone, its panel on the right.
#include "workstation/gui/triage_workspace.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "workstation/gui/overlay_painter.hpp"
#include "workstation/gui/quarantine_panel.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {
constexpr float kInboxWidth = 300.0f, kDecisionWidth = 360.0f;

void beginColumn(const char* id, ImVec2 size, bool padded) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padded ? ImVec2(10, 8) : ImVec2(0, 0));
    ImGui::BeginChild(id, size, false,
                      padded ? ImGuiWindowFlags_AlwaysUseWindowPadding
                             : ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
}

void endColumn() {
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

void caption(ImDrawList* dl, ImVec2 at, const std::string& text, ImU32 colour) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddRectFilled(at, ImVec2(at.x + ts.x + 16, at.y + ts.y + 12), IM_COL32(0, 0, 0, 170), 4);
    dl->AddText(ImVec2(at.x + 8, at.y + 6), colour, text.c_str());
}
}  // namespace

void TriageWorkspace::draw(const AppState& state, DrawContext& ctx, float height) {
    const TriageUiState& t = state.triage;
    const float width = ImGui::GetContentRegionAvail().x;
    const float inboxWidth = std::min(kInboxWidth, width * 0.25f);
    const float decisionWidth = std::min(kDecisionWidth, width * 0.28f);
    const float centreWidth = width - inboxWidth - decisionWidth;

    beginColumn("triage-inbox", ImVec2(inboxWidth, height), true);
    m_inbox.draw(state, ctx);
    endColumn();
    ImGui::SameLine(0, 0);

    if (t.quarantine.shown) {
        drawQuarantine(state, ctx, centreWidth, decisionWidth, height);
        m_userPrompt.draw(state, ctx);
        return;
    }
    ImGui::BeginGroup();
    const InboxItem* item = t.current();
    const bool trend = item != nullptr && state.selectedWoundId == item->woundId;
    const float trendHeight = trend ? std::clamp(height * 0.28f, 150.0f, 240.0f) : 0.0f;
    const float photoHeight = height - trendHeight;
    const float half = std::floor(centreWidth / 2.0f);
    beginColumn("triage-home", ImVec2(half, photoHeight), false);
    drawPhoto(state, ctx, kTriageViewport, item ? &item->photo : nullptr,
              item
                  ? fmt::format("From home · {} · {}", std::string(displayName(item->photo.source)),
                                item->photo.capturedAt.substr(0, 16))
                  : std::string(),
              t.loading ? "Loading the inbox…" : "No photo from home is waiting.");
    endColumn();
    ImGui::SameLine(0, 0);
    beginColumn("triage-reference", ImVec2(centreWidth - half, photoHeight), false);
    const Photo* reference = item && t.reference ? &*t.reference : nullptr;
    drawPhoto(state, ctx, kTriageReferenceViewport, reference,
              reference ? fmt::format("{} · {}",
                                      item->lastDecision ? "Last reviewed" : "Last clinic photo",
                                      reference->capturedAt.substr(0, 16))
                        : std::string(),
              item ? "No earlier photo of this wound to compare with." : "");
    endColumn();
    if (trend) {
        beginColumn("triage-trend", ImVec2(centreWidth, trendHeight), true);
        m_trend.draw(state, ctx);
        endColumn();
    }
    ImGui::EndGroup();
    ImGui::SameLine(0, 0);

    beginColumn("triage-decision", ImVec2(decisionWidth, height), true);
    m_decision.draw(state, ctx);
    endColumn();
    m_userPrompt.draw(state, ctx);
}

void TriageWorkspace::drawQuarantine(const AppState& state, DrawContext& ctx, float centreWidth,
                                     float panelWidth, float height) {
    const QuarantineUiState& q = state.triage.quarantine;
    const QuarantineItem* item = q.current();
    beginColumn("triage-home", ImVec2(centreWidth, height), false);
    const Photo* photo = item && q.photo && q.photo->id == -item->id ? &*q.photo : nullptr;
    drawPhoto(state, ctx, kTriageViewport, photo,
              item ? fmt::format("Quarantined · {} · {}", quarantineReasonTitle(item->reason),
                                 item->originalName)
                   : std::string(),
              item ? "Loading the photo…" : "Nothing in quarantine.");
    endColumn();
    ImGui::SameLine(0, 0);
    beginColumn("triage-decision", ImVec2(panelWidth, height), true);
    m_quarantine.draw(state, ctx);
    endColumn();
}

void TriageWorkspace::drawPhoto(const AppState& state, DrawContext& ctx, std::size_t viewport,
                                const Photo* photo, const std::string& title, const char* empty) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                      IM_COL32(18, 19, 21, 255));
    dl->AddLine(ImVec2(origin.x + size.x - 1, origin.y),
                ImVec2(origin.x + size.x - 1, origin.y + size.y), IM_COL32(40, 42, 46, 255));
    if (photo == nullptr) {
        const ImVec2 ts = ImGui::CalcTextSize(empty);
        dl->AddText(ImVec2(origin.x + (size.x - ts.x) / 2, origin.y + (size.y - ts.y) / 2),
                    ImGui::GetColorU32(theme::kMutedText), empty);
        return;
    }
    const auto frame =
        m_canvases[viewport == kTriageViewport ? 0 : 1].draw(state, viewport, *photo, nullptr, ctx);
    if (!frame)
        return;
    dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    if (const Analysis* analysis = state.analysisOf(photo->id))
        paintAnalysisOverlay(state.viewports[viewport], *photo, *analysis, frame->canvas, ctx);
    dl->PopClipRect();
    caption(dl, ImVec2(origin.x + 8, origin.y + 8), title, IM_COL32(235, 235, 235, 255));
    ctx.record.rects.push_back({viewport == kTriageViewport ? "triage-home" : "triage-reference",
                                origin.x, origin.y, size.x, size.y});
}

}  // namespace cicatrix::workstation
