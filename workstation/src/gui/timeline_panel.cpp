// Timeline drawing with ImDrawList over a horizontally scrollable canvas.
#include "workstation/gui/timeline_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "workstation/gui/theme.hpp"
#include "workstation/gui/timeline_layout.hpp"

namespace cicatrix::workstation {

namespace {

void drawLegend() {
    const std::span<const PhotoSource> sources = photoSources();
    for (PhotoSource s : sources) {
        ImGui::SameLine();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.3f),
                                                  ImVec2(p.x + h * 0.8f, p.y + h * 0.7f),
                                                  theme::sourceColor(s), 2.0f);
        ImGui::Dummy(ImVec2(h * 0.9f, h));
        ImGui::SameLine(0, 4);
        ImGui::TextColored(theme::kMutedText, "%s", std::string(displayName(s)).c_str());
    }
    ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddTriangleFilled(
        ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 0.7f, p.y + h * 0.2f),
        ImVec2(p.x + h * 0.35f, p.y + h * 0.8f), theme::kVisit);
    ImGui::Dummy(ImVec2(h * 0.8f, h));
    ImGui::SameLine(0, 4);
    ImGui::TextColored(theme::kMutedText, "Visit");
}

}  // namespace

void TimelinePanel::draw(const AppState& state, DrawContext& ctx) {
    const WoundSummary* wound = state.selectedWound();
    if (wound == nullptr) {
        ImGui::TextColored(theme::kMutedText, state.selectedPatientId
                                                  ? "Select a wound to see its timeline."
                                                  : "Select a patient, then a wound.");
        return;
    }
    const PatientSummary* patient = state.selectedPatient();
    ImGui::Text("%s  ·  %s  ·  %zu photo%s", patient ? patient->patient.displayName.c_str() : "",
                wound->wound.label.c_str(), state.timeline.size(),
                state.timeline.size() == 1 ? "" : "s");
    drawLegend();
    if (state.timelineLoading) {
        ImGui::TextColored(theme::kMutedText, "Loading timeline…");
        return;
    }
    if (state.timeline.empty()) {
        ImGui::TextColored(
            theme::kMutedText,
            "No photos for this wound yet. Drop files on the window or press Ctrl+I.");
        return;
    }

    std::vector<double> days;
    days.reserve(state.timeline.size());
    for (const Photo& p : state.timeline) {
        days.push_back(parseIsoDays(p.capturedAt).value_or(0.0));
    }
    ImGui::BeginChild("timeline-canvas", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float line = ImGui::GetTextLineHeight();
    const float axisBlock = line * 2.6f;     // ticks and their labels
    const float captionBlock = line * 1.3f;  // date under each thumbnail
    const float thumbSize =
        std::clamp(avail.y - axisBlock - captionBlock - line * 1.2f, 48.0f, 220.0f);
    const float gap = std::max(8.0f, thumbSize * 0.08f);
    const TimelineLayout layout = layoutTimeline(days, avail.x, thumbSize, gap);

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float thumbTop = origin.y + line * 0.3f;
    const float captionY = thumbTop + thumbSize + 4.0f;
    const float axisY = captionY + captionBlock + line * 0.6f;

    // Axis, ticks and visit markers.
    dl->AddLine(ImVec2(origin.x + static_cast<float>(layout.margin) * 0.5f, axisY),
                ImVec2(origin.x + static_cast<float>(layout.width - layout.margin * 0.5), axisY),
                theme::kAxis, 1.5f);
    for (const TimelineTick& t : layout.ticks) {
        const float x = origin.x + static_cast<float>(t.x);
        dl->AddLine(ImVec2(x, axisY - 4), ImVec2(x, axisY + 4), theme::kAxis, 1.0f);
        const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
        dl->AddText(ImVec2(x - size.x / 2, axisY + 6), ImGui::GetColorU32(theme::kMutedText),
                    t.label.c_str());
    }
    for (const Visit& v : state.visits) {
        const auto d = parseIsoDays(v.date);
        if (!d) {
            continue;
        }
        const float x = origin.x + static_cast<float>(layout.xForDay(*d + 0.5));
        dl->AddTriangleFilled(ImVec2(x - 5, axisY - 11), ImVec2(x + 5, axisY - 11),
                              ImVec2(x, axisY - 2), theme::kVisit);
    }

    const int selectedIndex = state.selectedPhotoIndex();
    for (std::size_t i = 0; i < state.timeline.size(); ++i) {
        const Photo& photo = state.timeline[i];
        const float cx = origin.x + static_cast<float>(layout.thumbX[i]);
        const float dateX = origin.x + static_cast<float>(layout.dateX[i]);
        const ImVec2 cellMin(cx - thumbSize / 2, thumbTop);
        const ImVec2 cellMax(cx + thumbSize / 2, thumbTop + thumbSize);
        // Leader from the thumbnail to its true date on the axis.
        dl->AddLine(ImVec2(cx, captionY + captionBlock - 2), ImVec2(dateX, axisY),
                    IM_COL32(120, 125, 135, 160), 1.0f);
        dl->AddCircleFilled(ImVec2(dateX, axisY), 3.0f, theme::sourceColor(photo.source));

        dl->AddRectFilled(cellMin, cellMax, IM_COL32(30, 32, 36, 255), 3.0f);
        const render::Texture* tex = ctx.textures.thumbnail(photo);
        if (tex != nullptr) {
            const float s = thumbSize / static_cast<float>(std::max(tex->width(), tex->height()));
            const float w = tex->width() * s, h = tex->height() * s;
            const ImVec2 a(cx - w / 2, thumbTop + (thumbSize - h) / 2);
            dl->AddImage(tex->imguiId(), a, ImVec2(a.x + w, a.y + h));
            ctx.record.rects.push_back({fmt::format("thumbnail:{}", photo.id), a.x, a.y, w, h});
        } else {
            const std::string failure = ctx.textures.failure(photo);
            const char* text = failure.empty() ? "loading…" : "unreadable";
            const ImVec2 size = ImGui::CalcTextSize(text);
            dl->AddText(ImVec2(cx - size.x / 2, thumbTop + thumbSize / 2 - size.y / 2),
                        ImGui::GetColorU32(failure.empty() ? theme::kMutedText : theme::kErrorText),
                        text);
        }
        // Source bar along the thumbnail's bottom edge.
        dl->AddRectFilled(ImVec2(cellMin.x, cellMax.y - 5), cellMax,
                          theme::sourceColor(photo.source), 0.0f);
        if (static_cast<int>(i) == selectedIndex) {
            dl->AddRect(ImVec2(cellMin.x - 3, cellMin.y - 3), ImVec2(cellMax.x + 3, cellMax.y + 3),
                        theme::kSelection, 4.0f, 0, 3.0f);
        }
        const std::string caption =
            shortDayLabel(days[i]) +
            (photo.captureTimeSource == CaptureTimeSource::FileTime ? " *" : "");
        const ImVec2 csize = ImGui::CalcTextSize(caption.c_str());
        dl->AddText(ImVec2(cx - csize.x / 2, captionY), ImGui::GetColorU32(ImGuiCol_Text),
                    caption.c_str());

        ImGui::SetCursorScreenPos(cellMin);
        ImGui::PushID(static_cast<int>(photo.id));
        if (ImGui::InvisibleButton("##thumb", ImVec2(thumbSize, thumbSize + captionBlock))) {
            ctx.intents.push_back(intent::SelectPhoto{photo.id});
        }
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::Text("%s  %s", photo.capturedAt.substr(0, 10).c_str(),
                        photo.capturedAt.substr(11, 5).c_str());
            ImGui::Text("Source: %s", std::string(displayName(photo.source)).c_str());
            if (photo.captureTimeSource == CaptureTimeSource::FileTime) {
                ImGui::TextColored(theme::kWarningText,
                                   "* Date from the file time, not the camera");
            }
            ImGui::TextColored(theme::kMutedText, "%s  ·  %d×%d", photo.originalName.c_str(),
                               photo.width, photo.height);
            ImGui::EndTooltip();
        }
        ImGui::PopID();
        if (static_cast<int>(i) == selectedIndex && m_scrolledTo != photo.id) {
            ImGui::SetScrollHereX(0.5f);
            m_scrolledTo = photo.id;
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, axisY + line * 1.6f));
    ImGui::Dummy(ImVec2(static_cast<float>(layout.width), 1.0f));
    ImGui::EndChild();
}

}  // namespace cicatrix::workstation
