// The Servers window (Sync → Servers…): the configured DICOMweb servers with their last sync,
// "Test connection" and "Remove" (confirmed) per server, a form to add one, and "Sync now".
// Edits its own copy of the form and sends AddServer; never touches the network or the
// database itself. Main thread only.
#pragma once

#include <string>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class ServersDialog final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

    // How the form asks for credentials (the order of the Authentication combo).
    enum class Auth { None, PasswordFile, PasswordEnv, TokenFile };

  private:
    void drawServers(const AppState& state, DrawContext& ctx);
    void drawAddForm(const AppState& state, DrawContext& ctx);
    void drawRemoveConfirmation(DrawContext& ctx);

    // The form, as typed.
    std::string m_name, m_url, m_user, m_secret, m_patients;
    int m_auth = static_cast<int>(Auth::PasswordFile);
    bool m_allPatients = true;
    std::uint64_t m_resetGeneration = 0;
    std::string m_removing;  // the server whose removal awaits confirmation
    bool m_openRemove = false;
};

}  // namespace cicatrix::workstation
