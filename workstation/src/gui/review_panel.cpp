// What is being edited, the version list, then the actions the workflow allows now.
#include "workstation/gui/review_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "workstation/gui/item_record.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace act = annotate_action;

void ReviewPanel::draw(const AppState& state, DrawContext& ctx) {
    const AnnotateUiState& a = state.annotate;
    const auto push = [&](act::Action action) {
        ctx.intents.push_back(intent::Annotate{std::move(action)});
    };
    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "Label");
    if (!a.document) {
        ImGui::TextWrapped("%s", a.opening ? "Opening…" : "Pick a photo in the queue.");
        return;
    }
    const AnnotateDocument& doc = *a.document;
    ImGui::TextWrapped("Editing %s", doc.baseSource.c_str());
    if (!a.restoredNotice.empty())
        ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.55f, 1.0f), "%s", a.restoredNotice.c_str());
    if (a.dirty)
        ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.35f, 1.0f), "%zu unsaved edit(s), autosaved",
                           a.undoDepth);
    for (auto it = doc.versions.rbegin(); it != doc.versions.rend(); ++it) {
        ImGui::BulletText(
            "v%d %s · %s%s", it->version, std::string(toString(it->status)).c_str(),
            it->createdBy.c_str(),
            it->reviewComment.empty() ? "" : (" · \"" + it->reviewComment + "\"").c_str());
    }

    ImGui::Spacing();
    ImGui::BeginDisabled(a.busy || !a.dirty);
    if (ImGui::Button("Save (Ctrl+S)"))
        push(act::Save{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(a.busy);
    if (ImGui::Button("Submit for review"))
        push(act::Submit{});
    recordLastItem(ctx.record, "button:submit");
    ImGui::EndDisabled();

    const LabelVersion* latest = doc.versions.empty() ? nullptr : &doc.versions.back();
    if (latest == nullptr || latest->status != LabelStatus::Submitted)
        return;
    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText, "Review of v%d (submitted by %s)", latest->version,
                       latest->submittedBy.value_or(latest->createdBy).c_str());
    const bool ownWork = latest->submittedBy.value_or(latest->createdBy) == a.user;
    ImGui::BeginDisabled(a.busy || ownWork);
    if (ImGui::Button("Approve"))
        push(act::Approve{});
    recordLastItem(ctx.record, "button:approve");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##comment", "Comment for the annotator", m_comment.data(),
                             m_comment.size());
    recordLastItem(ctx.record, "field:review-comment");
    ImGui::BeginDisabled(m_comment[0] == '\0');
    if (ImGui::Button("Send back with comment")) {
        push(act::SendBack{m_comment.data()});
        m_comment.fill('\0');
    }
    recordLastItem(ctx.record, "button:send-back");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (ownWork)
        ImGui::TextWrapped("You submitted this label: another reviewer approves or sends it back.");
}

}  // namespace cicatrix::workstation
