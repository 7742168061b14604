// Two tabs. From home: one selectable two-line row per item; a red badge with the alert count
// when the wound has open alerts; the row of the current item is selected and kept in view.
// Quarantine: one row per open item with its reason and what it claims.
#include "workstation/gui/inbox_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "library/dates.hpp"
#include "workstation/gui/item_record.hpp"
#include "workstation/gui/quarantine_panel.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

std::string waited(double hours) {
    if (hours < 1.0)
        return fmt::format("{:.0f} min", hours * 60.0);
    if (hours < 48.0)
        return fmt::format("{:.0f} h", hours);
    return fmt::format("{:.0f} days", hours / 24.0);
}

const char* severityWord(int severity) {
    switch (severity) {
        case 3:
            return "check for infection";
        case 2:
            return "worsening";
        case 1:
            return "stalled";
        default:
            return "";
    }
}

}  // namespace

void InboxPanel::draw(const AppState& state, DrawContext& ctx) {
    const TriageUiState& t = state.triage;
    const QuarantineUiState& q = t.quarantine;
    const auto show = [&](bool quarantine) {
        if (q.shown != quarantine)
            ctx.intents.push_back(intent::Triage{triage_action::ShowQuarantine{quarantine}});
    };
    if (ImGui::SmallButton("Refresh"))
        ctx.intents.push_back(intent::Triage{triage_action::Load{}});
    if (!ImGui::BeginTabBar("triage-tabs"))
        return;
    if (ImGui::BeginTabItem(fmt::format("From home ({})###home", t.items.size()).c_str())) {
        recordLastItem(ctx.record, "tab:home");
        show(false);
        drawInbox(state, ctx);
        ImGui::EndTabItem();
    } else {
        recordLastItem(ctx.record, "tab:home");
    }
    if (ImGui::BeginTabItem(fmt::format("Quarantine ({})###quarantine", q.items.size()).c_str())) {
        recordLastItem(ctx.record, "tab:quarantine");
        show(true);
        drawQuarantine(state, ctx);
        ImGui::EndTabItem();
    } else {
        recordLastItem(ctx.record, "tab:quarantine");
    }
    ImGui::EndTabBar();
}

void InboxPanel::drawInbox(const AppState& state, DrawContext& ctx) {
    const TriageUiState& t = state.triage;
    if (t.items.empty()) {
        ImGui::TextWrapped("%s", t.loading  ? "Loading the inbox…"
                                 : t.loaded ? "Nothing waiting: every photo from home has a "
                                              "decision."
                                            : "");
        return;
    }
    ImGui::BeginChild("inbox-rows");
    for (std::size_t i = 0; i < t.items.size(); ++i) {
        const InboxItem& item = t.items[i];
        ImGui::PushID(static_cast<int>(item.photo.id));
        // Who sent it and how long it has waited come first; a narrow row shows the day the photo
        // was taken without its year, or not at all (the photo's header shows it in full).
        const std::string source(displayName(item.photo.source)), wait = waited(item.waitingHours);
        const std::string date = item.photo.capturedAt.substr(0, 10);
        const auto days = parseIsoDays(item.photo.capturedAt);
        const float room = ImGui::GetContentRegionAvail().x - 8.0f;
        std::string detail = fmt::format("{} · {} · waiting {}", source, date, wait);
        if (ImGui::CalcTextSize(detail.c_str()).x > room && days)
            detail = fmt::format("{} · {} · waiting {}", source, shortDayLabel(*days), wait);
        if (ImGui::CalcTextSize(detail.c_str()).x > room)
            detail = fmt::format("{} · waiting {}", source, wait);
        const std::string label =
            fmt::format("{}  ·  {}\n{}###row", item.patientName, item.woundLabel, detail);
        const bool selected = i == t.selected;
        if (ImGui::Selectable(label.c_str(), selected, 0,
                              ImVec2(0, ImGui::GetTextLineHeight() * 2 + 4))) {
            ctx.intents.push_back(intent::Triage{triage_action::Select{i}});
        }
        recordLastItem(ctx.record, fmt::format("inbox:{}", item.photo.id));
        if (selected && ImGui::IsWindowAppearing())
            ImGui::SetScrollHereY();
        if (item.severity > 0) {
            std::string tip = std::string(severityWord(item.severity)) + ":\n";
            for (const StoredAlert& a : item.alerts) tip += a.title + "\n";
            ImGui::SameLine(std::max(0.0f, ImGui::GetWindowContentRegionMax().x - 44.0f));
            theme::alertBadge(static_cast<int>(item.alerts.size()), tip);
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void InboxPanel::drawQuarantine(const AppState& state, DrawContext& ctx) {
    const QuarantineUiState& q = state.triage.quarantine;
    if (q.items.empty()) {
        ImGui::TextWrapped("%s", q.loaded ? "Nothing in quarantine: every photo that came with a "
                                            "token was filed."
                                          : "Loading the quarantine…");
        return;
    }
    ImGui::BeginChild("quarantine-rows");
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const QuarantineItem& item = q.items[i];
        ImGui::PushID(static_cast<int>(item.id));
        const std::string label = fmt::format(
            "{}  ·  {} / {}\nby {} · received {}###row", quarantineReasonTitle(item.reason),
            item.claimedPatient.empty() ? "?" : item.claimedPatient,
            item.claimedWound.empty() ? "?" : item.claimedWound, toString(item.arrivedVia),
            item.receivedAt.substr(0, 16));
        if (ImGui::Selectable(label.c_str(), i == q.selected, 0,
                              ImVec2(0, ImGui::GetTextLineHeight() * 2 + 4))) {
            ctx.intents.push_back(intent::Triage{triage_action::SelectQuarantined{i}});
        }
        recordLastItem(ctx.record, fmt::format("quarantine:{}", item.id));
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace cicatrix::workstation
