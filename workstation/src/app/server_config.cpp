// The rules for a server's name, URL, authentication and patient scope; messages name the fields
// the way the caller shows them.
#include "workstation/app/server_config.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

#include "sync/credentials.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

std::expected<library::SyncServer, std::string> serverFromForm(const ServerForm& f,
                                                               const ServerFieldNames& n) {
    using std::unexpected;
    if (f.name.empty())
        return unexpected(fmt::format("{} must not be empty", n.name));
    if (!f.url.starts_with("http://") && !f.url.starts_with("https://")) {
        return unexpected(
            fmt::format("{} must be the server's DICOMweb root, http:// or https:// (got \"{}\")",
                        n.url, f.url));
    }
    if (f.all && !f.patients.empty())
        return unexpected(fmt::format("give either {} or {}, not both", n.patients, n.all));
    const int sources = !f.passwordFile.empty() + !f.passwordEnv.empty() + !f.tokenFile.empty();
    if (sources > 1) {
        return unexpected(
            fmt::format("give one of {}, {} or {}", n.passwordFile, n.passwordEnv, n.tokenFile));
    }
    const bool password = !f.passwordFile.empty() || !f.passwordEnv.empty();
    if (!f.user.empty() && !password) {
        return unexpected(
            fmt::format("{} needs {} or {} (passwords are never stored in the library)", n.user,
                        n.passwordFile, n.passwordEnv));
    }
    if (password && f.user.empty())
        return unexpected(fmt::format("a password needs {}", n.user));

    library::SyncServer server;
    server.name = f.name;
    server.url = f.url;
    server.allPatients = f.patients.empty();
    server.patientIds = f.patients;
    if (!f.passwordFile.empty() || !f.tokenFile.empty()) {
        std::error_code ec;
        const fs::path given = f.passwordFile.empty() ? f.tokenFile : f.passwordFile;
        const fs::path absolute = fs::absolute(given, ec);
        const std::string file = ec ? given.string() : absolute.string();
        if (auto ok = sync::checkCredentialFile(file); !ok)
            return unexpected(ok.error().message);
        server.credentialSource = file;
    } else if (!f.passwordEnv.empty()) {
        server.credentialSource = "env:" + f.passwordEnv;
    }
    server.authKind = !f.tokenFile.empty() ? "bearer" : server.credentialSource ? "basic" : "none";
    if (!f.user.empty())
        server.username = f.user;
    return server;
}

std::vector<std::string> splitPatientIds(const std::string& text) {
    std::vector<std::string> ids;
    std::string current;
    for (const char c : text) {
        if (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == ';') {
            if (!current.empty())
                ids.push_back(std::exchange(current, {}));
        } else {
            current += c;
        }
    }
    if (!current.empty())
        ids.push_back(current);
    return ids;
}

std::string patientScopeText(const library::SyncServer& server) {
    if (server.allPatients)
        return "all";
    std::string out;
    for (const std::string& p : server.patientIds) out += (out.empty() ? "" : ",") + p;
    return out;
}

}  // namespace cicatrix::workstation
