// A DICOMweb server as the user describes it (the CLI's `server add` options or the Servers
// panel's form) turned into the SyncServer the library stores, or the reason it is refused: the
// one place these rules live. Secrets stay out: only where to read them is kept. Thread-safe;
// it checks the credential file on disk, so call it off the UI thread.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "library/sync_server_repository.hpp"

namespace cicatrix::workstation {

struct ServerForm {
    std::string name;
    std::string url;
    std::string user;
    std::string passwordFile;           // basic auth: an owner-only file holding the password
    std::string passwordEnv;            // basic auth: or the name of an environment variable
    std::string tokenFile;              // bearer auth: an owner-only file holding the token
    std::vector<std::string> patients;  // PatientIDs; empty with `all`
    bool all = false;
};

// How the reasons name the fields: the CLI's options ("--url") or the form's labels ("URL").
struct ServerFieldNames {
    const char* name;
    const char* url;
    const char* user;
    const char* passwordFile;
    const char* passwordEnv;
    const char* tokenFile;
    const char* patients;
    const char* all;
};
inline constexpr ServerFieldNames kCliFieldNames{
    "--name",         "--url",        "--user",     "--password-file",
    "--password-env", "--token-file", "--patients", "--all"};
inline constexpr ServerFieldNames kFormFieldNames{
    "the name",     "the URL",        "a user",          "a password file", "a password variable",
    "a token file", "a patient list", "\"all patients\""};

// The server to add, or why not. A credential file is made absolute and must be owner-only
// (sync::checkCredentialFile); an environment variable is stored as "env:NAME".
[[nodiscard]] std::expected<library::SyncServer, std::string> serverFromForm(
    const ServerForm& form, const ServerFieldNames& names);

// "P1, P2 P3" → {"P1", "P2", "P3"}: the form's patient list (commas, spaces or new lines).
[[nodiscard]] std::vector<std::string> splitPatientIds(const std::string& text);

// "all" or "P1,P2".
[[nodiscard]] std::string patientScopeText(const library::SyncServer& server);

}  // namespace cicatrix::workstation
