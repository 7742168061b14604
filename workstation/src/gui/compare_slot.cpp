// Header rows, then the canvas: the slot's photo, its own analysis overlay, then (slots other
// than the reference, once aligned) the reference visit faded over it, flickering with it or its
// outline, all mapped through the inverse of the slot -> reference homography.
#include "workstation/gui/compare_slot.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <cmath>

#include "ml/interval.hpp"
#include "workstation/analysis/measurement_text.hpp"
#include "workstation/gui/compare_geometry.hpp"
#include "workstation/gui/fitted_text.hpp"
#include "workstation/gui/item_record.hpp"
#include "workstation/gui/overlay_painter.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

constexpr ImU32 kReferenceOutline = IM_COL32(255, 225, 60, 255);
constexpr double kFlickerPeriodS = 0.6;

std::string measurement(const Analysis* a) {
    if (a == nullptr)
        return "not analysed";
    const std::string area = a->areaCm2 ? areaText(*a) : std::string("area not calibrated");
    return fmt::format(
        "{} · granulation {:.0f}% · slough {:.0f}% · necrosis {:.0f}% "
        "(experimental)",
        area, a->granulationPct, a->sloughPct, a->necroticPct);
}

std::string change(const Analysis* reference, const Analysis* a) {
    if (reference == nullptr || a == nullptr || !reference->areaCm2 || !a->areaCm2 ||
        *reference->areaCm2 <= 0)
        return {};
    const double diff = *a->areaCm2 - *reference->areaCm2;
    const double pct = 100.0 * diff / *reference->areaCm2;
    const auto interval = [](const Analysis& x) -> std::optional<ml::Interval> {
        if (!x.areaCm2Ci95)
            return std::nullopt;
        return ml::Interval{x.areaCm2Ci95->low, x.areaCm2Ci95->high};
    };
    const auto half = ml::differenceHalfWidth(interval(*reference), interval(*a));
    std::string text = fmt::format("{:+.2f} cm² ({:+.0f}%) since the reference", diff, pct);
    if (half)
        text += std::abs(diff) <= *half
                    ? fmt::format(", within the measurement uncertainty (±{:.2f})", *half)
                    : fmt::format(" (±{:.2f})", *half);
    return text;
}

}  // namespace

void CompareSlot::draw(const AppState& state, DrawContext& ctx, ImVec2 size) {
    const CompareUiState& c = state.compare;
    const auto& id = c.photos[m_slot];
    const Photo* photo = id ? state.findPhoto(*id) : nullptr;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild(static_cast<ImGuiID>(0xC0A0 + m_slot), size, true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (c.focused == m_slot) {
        const ImVec2 a = ImGui::GetWindowPos();
        ImGui::GetWindowDrawList()->AddRect(a, ImVec2(a.x + size.x, a.y + size.y),
                                            theme::kSelection, 0.0f, 0, 2.0f);
    }
    drawHeader(state, ctx, photo);
    if (photo != nullptr)
        drawCanvas(state, ctx, *photo);
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

void CompareSlot::drawHeader(const AppState& state, DrawContext& ctx, const Photo* photo) {
    const CompareUiState& c = state.compare;
    const auto push = [&](compare_action::Action a) {
        ctx.intents.push_back(intent::Compare{std::move(a)});
    };
    ImGui::Indent(6.0f);
    ImGui::PushID(static_cast<int>(m_slot));
    ImGui::SetNextItemWidth(220.0f);
    const std::string current = photo ? fmt::format("{}{}", photo->capturedAt.substr(0, 10),
                                                    m_slot == 0 ? "  (reference)" : "")
                                      : std::string("pick a visit");
    if (ImGui::BeginCombo("##visit", current.c_str())) {
        for (std::size_t i = 0; i < state.timeline.size(); ++i) {
            const Photo& p = state.timeline[i];
            const std::string item = fmt::format("{}  {}  · {}###p{}", p.capturedAt.substr(0, 16),
                                                 std::string(displayName(p.source)),
                                                 i == 0                           ? "baseline"
                                                 : i + 1 == state.timeline.size() ? "latest"
                                                                                  : "",
                                                 p.id);
            if (ImGui::Selectable(item.c_str(), photo && photo->id == p.id))
                push(compare_action::SetPhoto{m_slot, p.id});
        }
        ImGui::EndCombo();
    }
    recordLastItem(ctx.record, fmt::format("compare-pick:{}", m_slot));
    if (photo != nullptr) {
        const Analysis* a = state.analysisOf(photo->id);
        ImGui::SameLine();
        ImGui::TextUnformatted(measurement(a).c_str());
        if (m_slot > 0) {
            const auto& ref = c.photos[0];
            const std::string delta = change(ref ? state.analysisOf(*ref) : nullptr, a);
            const SlotAlignment& al = c.alignment[m_slot];
            const bool poor = al.photoToReference && al.quality < 0.5;
            if (ImGui::SmallButton("<"))
                push(compare_action::Nudge{m_slot, {-2.0, 0.0}});
            ImGui::SameLine();
            if (ImGui::SmallButton(">"))
                push(compare_action::Nudge{m_slot, {2.0, 0.0}});
            ImGui::SameLine();
            if (ImGui::SmallButton("^"))
                push(compare_action::Nudge{m_slot, {0.0, -2.0}});
            ImGui::SameLine();
            if (ImGui::SmallButton("v"))
                push(compare_action::Nudge{m_slot, {0.0, 2.0}});
            if (al.nudge.x != 0.0 || al.nudge.y != 0.0) {
                ImGui::SameLine();
                if (ImGui::SmallButton("reset"))
                    push(compare_action::ResetNudge{m_slot});
                ImGui::SameLine();
                ImGui::TextColored(theme::kMutedText, "nudged %.0f, %.0f px ·", al.nudge.x,
                                   al.nudge.y);
            }
            // The change in area first: the alignment's summary takes the rest of the line.
            const std::string aligned =
                al.running ? std::string("aligning…")
                           : al.summary + (poor ? "  — poor, check by eye or nudge" : "");
            if (!delta.empty()) {
                ImGui::SameLine();
                ImGui::TextUnformatted(("· " + delta + (aligned.empty() ? "" : " ·")).c_str());
            }
            ImGui::SameLine();
            fittedText(al.error.empty() && !poor ? theme::kMutedText : theme::kWarningText,
                       aligned);
        } else {
            ImGui::TextColored(theme::kMutedText, "The other slots are aligned onto this visit.");
        }
    }
    ImGui::PopID();
    ImGui::Unindent(6.0f);
}

void CompareSlot::drawCanvas(const AppState& state, DrawContext& ctx, const Photo& photo) {
    const CompareUiState& c = state.compare;
    const std::size_t viewport = kCompareFirstViewport + m_slot;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                      IM_COL32(18, 19, 21, 255));
    const auto frame = m_canvas.draw(state, viewport, photo, nullptr, ctx);
    if (!frame)
        return;
    if (ImGui::IsItemClicked() && c.focused != m_slot)
        ctx.intents.push_back(intent::Compare{compare_action::Focus{m_slot}});
    ctx.record.rects.push_back(
        {fmt::format("compare-slot:{}", m_slot), origin.x, origin.y, size.x, size.y});
    dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
    const Analysis* analysis = state.analysisOf(photo.id);
    const auto& refId = c.photos[0];
    const Photo* reference = refId ? state.findPhoto(*refId) : nullptr;
    const SlotAlignment& al = c.alignment[m_slot];
    const bool aligned = m_slot > 0 && reference != nullptr && reference->id != photo.id &&
                         (al.photoToReference || al.nudge.x != 0.0 || al.nudge.y != 0.0);
    const cv::Matx33d referenceToSlot = slotToReference(c, m_slot).inv();
    const render::Vec2 refSize{static_cast<double>(reference ? reference->width : 0),
                               static_cast<double>(reference ? reference->height : 0)};
    switch (aligned ? c.overlay : CompareOverlay::None) {
        case CompareOverlay::None:
        case CompareOverlay::Outline:
            if (analysis != nullptr)
                paintAnalysisOverlay(state.viewports[viewport], photo, *analysis, frame->canvas,
                                     ctx);
            break;
        case CompareOverlay::Fade:
        case CompareOverlay::Flicker: {
            const bool on = c.overlay == CompareOverlay::Fade ||
                            std::fmod(ctx.now, 2.0 * kFlickerPeriodS) < kFlickerPeriodS;
            const auto alpha = static_cast<unsigned>(
                std::lround(255.0 * (c.overlay == CompareOverlay::Fade ? c.fade : 1.0)));
            if (on) {
                if (const render::TiledTexture* t = ctx.textures.fullImage(*reference)) {
                    t->drawMapped(dl, referenceToSlot, frame->canvas.view, frame->canvas.viewport,
                                  IM_COL32(255, 255, 255, alpha), refSize);
                    ctx.record.rects.push_back(
                        {"compare-reference-over", origin.x, origin.y, size.x, size.y});
                }
            }
            break;
        }
    }
    if (aligned && c.overlay == CompareOverlay::Outline) {
        const Analysis* refAnalysis = state.analysisOf(reference->id);
        const auto view = refAnalysis ? ctx.textures.overlay(*reference, *refAnalysis)
                                      : std::optional<OverlayView>{};
        if (view && view->outline != nullptr) {
            for (const auto& polygon : *view->outline) {
                std::vector<ImVec2> points;
                points.reserve(polygon.size());
                for (const render::Vec2& p : polygon) {
                    const cv::Vec3d q = referenceToSlot * cv::Vec3d(p.x, p.y, 1.0);
                    if (q[2] <= 1e-9)
                        continue;
                    const render::Vec2 s = frame->canvas.toScreen({q[0] / q[2], q[1] / q[2]});
                    points.emplace_back(static_cast<float>(s.x), static_cast<float>(s.y));
                }
                if (points.size() > 2)
                    dl->AddPolyline(points.data(), static_cast<int>(points.size()),
                                    kReferenceOutline, ImDrawFlags_Closed, 2.5f);
            }
            ctx.record.rects.push_back(
                {"compare-reference-outline", origin.x, origin.y, size.x, size.y});
        }
    }
    dl->PopClipRect();
}

}  // namespace cicatrix::workstation
