// ImGui table of servers and the add form; the remove confirmation is a modal popup.
#include "workstation/gui/servers_dialog.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <array>
#include <cstring>
#include <utility>

#include "workstation/app/server_config.hpp"
#include "workstation/gui/sync_view.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {

constexpr const char* kRemovePopup = "Remove server?###remove-server";

bool inputString(const char* label, std::string& value, const char* hint = nullptr) {
    std::array<char, 1024> buf{};
    std::strncpy(buf.data(), value.c_str(), buf.size() - 1);
    const bool changed = hint != nullptr
                             ? ImGui::InputTextWithHint(label, hint, buf.data(), buf.size())
                             : ImGui::InputText(label, buf.data(), buf.size());
    if (changed)
        value = buf.data();
    return changed;
}

std::string authText(const SyncServer& s) {
    if (s.authKind == "basic")
        return "user " + s.username.value_or("?");
    if (s.authKind == "bearer")
        return "token";
    return "none";
}

void lastSyncCell(const ServerSyncState& st) {
    if (!st.lastSyncAt) {
        ImGui::TextColored(theme::kMutedText, "never");
        return;
    }
    const ImVec4 colour = st.lastResult == "ok"       ? theme::kOkText
                          : st.lastResult == "failed" ? theme::kErrorText
                                                      : theme::kWarningText;
    ImGui::TextColored(colour, "%s", st.lastResult.c_str());
    if (!st.lastError.empty() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", st.lastError.c_str());
    ImGui::TextColored(theme::kMutedText, "%s", shortTimestamp(*st.lastSyncAt).c_str());
}

}  // namespace

void ServersDialog::draw(const AppState& state, DrawContext& ctx) {
    if (!state.sync.serversOpen)
        return;
    if (m_resetGeneration != state.sync.formResetGeneration) {
        m_resetGeneration = state.sync.formResetGeneration;
        m_name.clear();
        m_url.clear();
        m_user.clear();
        m_secret.clear();
        m_patients.clear();
        m_allPatients = true;
    }
    bool open = true;
    ImGui::SetNextWindowSize(ImVec2(1040, 560), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Servers###servers", &open, ImGuiWindowFlags_NoCollapse)) {
        drawServers(state, ctx);
        ImGui::Spacing();
        drawAddForm(state, ctx);
        drawRemoveConfirmation(ctx);
    }
    ImGui::End();
    if (!open)
        ctx.intents.push_back(intent::CloseServers{});
}

void ServersDialog::drawServers(const AppState& state, DrawContext& ctx) {
    const SyncUiState& sync = state.sync;
    ImGui::TextUnformatted("Hospital image stores (DICOMweb)");
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - 150);
    ImGui::BeginDisabled(sync.running || sync.servers.empty());
    if (ImGui::Button(sync.running ? "Syncing…###syncnow" : "Sync now###syncnow", ImVec2(150, 0)))
        ctx.intents.push_back(intent::SyncNow{});
    ImGui::EndDisabled();
    ImGui::Separator();
    if (!sync.serversLoaded) {
        ImGui::TextColored(theme::kMutedText, "Loading…");
        return;
    }
    if (sync.servers.empty()) {
        ImGui::TextColored(theme::kMutedText,
                           "No server configured. Add the hospital's DICOMweb server below.");
        return;
    }
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("servers", 6, flags))
        return;
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("URL", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn("Login", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Patients", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("Last sync", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("Test connection  Remove").x + 24.0f);
    ImGui::TableHeadersRow();
    for (const ServerRow& row : sync.servers) {
        const SyncServer& s = row.server;
        ImGui::PushID(s.name.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(s.name.c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextWrapped("%s", s.url.c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(authText(s).c_str());
        if (s.credentialSource && ImGui::IsItemHovered())
            ImGui::SetTooltip("Secret read from %s", s.credentialSource->c_str());
        ImGui::TableSetColumnIndex(3);
        ImGui::TextWrapped("%s", patientScopeText(s).c_str());
        ImGui::TableSetColumnIndex(4);
        lastSyncCell(row.state);
        ImGui::TableSetColumnIndex(5);
        const auto test = sync.tests.find(s.name);
        const bool testing = test != sync.tests.end() && test->second.running;
        ImGui::BeginDisabled(testing);
        if (ImGui::SmallButton(testing ? "Testing…" : "Test connection"))
            ctx.intents.push_back(intent::TestServer{s.name});
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(sync.running);
        if (ImGui::SmallButton("Remove")) {
            m_removing = s.name;
            m_openRemove = true;  // opened at the window's ID level, where the modal is drawn
        }
        ImGui::EndDisabled();
        if (test != sync.tests.end() && !test->second.running) {
            ImGui::TextColored(test->second.ok ? theme::kOkText : theme::kErrorText, "%s",
                               test->second.ok ? "Connection OK" : "Connection failed");
            if (!test->second.ok && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", test->second.message.c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
    for (const auto& [name, test] : sync.tests) {
        if (!test.running && !test.ok)
            ImGui::TextWrapped("%s: %s", name.c_str(), test.message.c_str());
    }
    ImGui::PopStyleColor();
}

void ServersDialog::drawAddForm(const AppState& state, DrawContext& ctx) {
    ImGui::TextUnformatted("Add a server");
    ImGui::Separator();
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    inputString("Name", m_name, "pacs");
    inputString("DICOMweb URL", m_url, "https://pacs.hospital.example/dicom-web");
    static constexpr std::array<const char*, 4> kAuth{"None", "User + password file (owner-only)",
                                                      "User + password environment variable",
                                                      "Bearer token file (owner-only)"};
    ImGui::Combo("Authentication", &m_auth, kAuth.data(), static_cast<int>(kAuth.size()));
    const Auth auth = static_cast<Auth>(m_auth);
    if (auth == Auth::PasswordFile || auth == Auth::PasswordEnv)
        inputString("User", m_user);
    if (auth == Auth::PasswordFile)
        inputString("Password file", m_secret, "/home/me/.config/cicatrix/pacs.password");
    else if (auth == Auth::PasswordEnv)
        inputString("Environment variable", m_secret, "PACS_PASSWORD");
    else if (auth == Auth::TokenFile)
        inputString("Token file", m_secret, "/home/me/.config/cicatrix/pacs.token");
    ImGui::Checkbox("All patients", &m_allPatients);
    if (!m_allPatients)
        inputString("Patient IDs", m_patients, "P001, P002");
    ImGui::PopItemWidth();
    ImGui::TextColored(theme::kMutedText,
                       "Passwords are never stored in the library: only the file or variable "
                       "they are read from.");
    const bool ready = !m_name.empty() && !m_url.empty();
    ImGui::BeginDisabled(!ready || state.sync.adding);
    if (ImGui::Button(state.sync.adding ? "Adding…###add" : "Add server###add")) {
        ServerForm form;
        form.name = m_name;
        form.url = m_url;
        if (auth == Auth::PasswordFile || auth == Auth::PasswordEnv)
            form.user = m_user;
        if (auth == Auth::PasswordFile)
            form.passwordFile = m_secret;
        else if (auth == Auth::PasswordEnv)
            form.passwordEnv = m_secret;
        else if (auth == Auth::TokenFile)
            form.tokenFile = m_secret;
        if (!m_allPatients)
            form.patients = splitPatientIds(m_patients);
        ctx.intents.push_back(intent::AddServer{std::move(form)});
    }
    ImGui::EndDisabled();
    if (!state.sync.formError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::TextWrapped("Not added: %s", state.sync.formError.c_str());
        ImGui::PopStyleColor();
    }
}

void ServersDialog::drawRemoveConfirmation(DrawContext& ctx) {
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (std::exchange(m_openRemove, false))
        ImGui::OpenPopup(kRemovePopup);
    if (!ImGui::BeginPopupModal(kRemovePopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::Text("Remove the server %s?", m_removing.c_str());
    ImGui::TextColored(
        theme::kMutedText,
        "Its sync state is forgotten. Photos stay in the library and on the server.");
    if (ImGui::Button("Remove", ImVec2(120, 0))) {
        ctx.intents.push_back(intent::RemoveServer{m_removing});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(120, 0)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace cicatrix::workstation
