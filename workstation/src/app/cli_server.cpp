// Checks everything (name, URL, credentials) before the library is touched, so a refused
// command leaves it as it was.
#include "workstation/app/cli_server.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/library.hpp"
#include "library/sync_server_repository.hpp"
#include "sync/credentials.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

int refuse(const std::string& message) {
    std::cerr << "cicatrix server add: " << message << "\n";
    return 2;
}

std::string patientsText(const SyncServer& s) {
    if (s.allPatients)
        return "all";
    std::string out;
    for (const std::string& p : s.patientIds) out += (out.empty() ? "" : ",") + p;
    return out;
}

}  // namespace

int runServerAdd(const ServerAddCommand& c) {
    if (c.name.empty())
        return refuse("--name must not be empty");
    if (!c.url.starts_with("http://") && !c.url.starts_with("https://")) {
        return refuse("--url must be the server's DICOMweb root, http:// or https:// (got \"" +
                      c.url + "\")");
    }
    if (c.all && !c.patients.empty())
        return refuse("give either --patients or --all, not both");
    const int sources = !c.passwordFile.empty() + !c.passwordEnv.empty() + !c.tokenFile.empty();
    if (sources > 1)
        return refuse("give one of --password-file, --password-env or --token-file");
    if (!c.user.empty() && c.passwordFile.empty() && c.passwordEnv.empty()) {
        return refuse(
            "--user needs --password-file or --password-env (passwords are never stored in the "
            "library)");
    }
    if ((!c.passwordFile.empty() || !c.passwordEnv.empty()) && c.user.empty()) {
        return refuse("a password needs --user");
    }
    SyncServer server;
    server.name = c.name;
    server.url = c.url;
    server.allPatients = c.patients.empty();
    server.patientIds = c.patients;
    if (!c.passwordFile.empty() || !c.tokenFile.empty()) {
        const std::string file =
            fs::absolute(c.passwordFile.empty() ? c.tokenFile : c.passwordFile).string();
        if (auto ok = sync::checkCredentialFile(file); !ok)
            return refuse(ok.error().message);
        server.credentialSource = file;
    } else if (!c.passwordEnv.empty()) {
        server.credentialSource = "env:" + c.passwordEnv;
    }
    server.authKind = !c.tokenFile.empty() ? "bearer" : server.credentialSource ? "basic" : "none";
    if (!c.user.empty())
        server.username = c.user;

    auto library = Library::open(c.library);
    if (!library)
        return refuse(library.error().message);
    auto added = (*library)->withDatabase(
        [&](SQLite::Database& db) { return SyncServerRepository(db).add(server); });
    if (!added)
        return refuse(added.error().message);
    std::cout << fmt::format(
        "added server {} ({}), auth {}{}, patients: {}\n", server.name, server.url, server.authKind,
        server.username ? " as " + *server.username : "", patientsText(server));
    return 0;
}

int runServerList(const fs::path& libraryDir, bool json) {
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library) {
        std::cerr << "cicatrix server list: " << library.error().message << "\n";
        return 1;
    }
    auto servers =
        (*library)->withReader([](SQLite::Database& db) -> Result<std::vector<SyncServer>> {
            return SyncServerRepository(db).list();
        });
    if (!servers) {
        std::cerr << "cicatrix server list: " << servers.error().message << "\n";
        return 1;
    }
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const SyncServer& s : *servers) {
            out.push_back({{"name", s.name},
                           {"url", s.url},
                           {"auth", s.authKind},
                           {"user", s.username.value_or("")},
                           {"credential_source", s.credentialSource.value_or("")},
                           {"all_patients", s.allPatients},
                           {"patients", s.patientIds}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const SyncServer& s : *servers) {
        std::cout << fmt::format("{}  {}  auth={}{}  patients={}\n", s.name, s.url, s.authKind,
                                 s.username ? " user=" + *s.username : "", patientsText(s));
    }
    if (servers->empty())
        std::cerr << "no server configured\n";
    return 0;
}

}  // namespace cicatrix::workstation
