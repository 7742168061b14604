// Filter row, then one selectable row per photo (patient, wound, status, uncertainty).
#include "workstation/gui/queue_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <cstring>

#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {
constexpr std::array<const char*, 6> kStatusNames{"any status", "AI draft", "in progress",
                                                  "submitted",  "approved", "sent back"};
}  // namespace

void QueuePanel::draw(const AppState& state, DrawContext& ctx) {
    const AnnotateUiState& a = state.annotate;
    ImGui::TextUnformatted("Annotation queue");
    ImGui::SameLine();
    ImGui::TextColored(
        theme::kMutedText, "%s",
        a.queueLoading ? "loading…" : fmt::format("{} photos", a.queue.size()).c_str());
    AnnotateQueueFilter filter = a.filter;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##patient", "Patient ID (Enter)", m_patient.data(),
                                 m_patient.size(), ImGuiInputTextFlags_EnterReturnsTrue)) {
        filter.patient = m_patient.data();
        ctx.intents.push_back(intent::Annotate{annotate_action::SetQueueFilter{filter}});
    }
    ImGui::SetNextItemWidth(-1);
    int status = filter.status;
    if (ImGui::Combo("##status", &status, kStatusNames.data(),
                     static_cast<int>(kStatusNames.size()))) {
        filter.status = status;
        ctx.intents.push_back(intent::Annotate{annotate_action::SetQueueFilter{filter}});
    }
    ImGui::Separator();
    if (a.queue.empty() && a.queueLoaded) {
        ImGui::TextWrapped("Nothing to label: every photo%s has an approved label.",
                           filter.patient.empty() && filter.status == 0 ? "" : " that matches");
    }
    ImGui::BeginChild("queue-rows");
    const std::int64_t openId = a.document ? a.document->photo.id : -1;
    for (const QueueItem& item : a.queue) {
        ImGui::PushID(static_cast<int>(item.photoId));
        const std::string latest =
            item.latest ? fmt::format("v{} {}", item.latest->version, toString(item.latest->status))
                        : "no label yet";
        const std::string uncertainty =
            item.modelUncertainty ? fmt::format("uncertainty {:.2f}", *item.modelUncertainty)
                                  : "not analysed";
        const std::string label =
            fmt::format("{}  ·  {}  ·  photo {}\n{}  ·  {}###row", item.patientExternalId,
                        item.woundLabel, item.photoId, latest, uncertainty);
        const float y = ImGui::GetCursorScreenPos().y;
        if (ImGui::Selectable(label.c_str(), openId == item.photoId, 0,
                              ImVec2(0, ImGui::GetTextLineHeight() * 2 + 4))) {
            ctx.intents.push_back(intent::Annotate{annotate_action::OpenPhoto{item.photoId}});
        }
        ctx.record.rects.push_back({fmt::format("queue:{}", item.photoId),
                                    ImGui::GetItemRectMin().x, y, ImGui::GetItemRectSize().x,
                                    ImGui::GetItemRectSize().y});
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace cicatrix::workstation
