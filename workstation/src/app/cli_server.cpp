// Checks everything (name, URL, credentials: workstation/app/server_config.hpp) before the
// library is touched, so a refused command leaves it as it was.
#include "workstation/app/cli_server.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/library.hpp"
#include "library/sync_server_repository.hpp"
#include "workstation/app/server_config.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

int refuse(const std::string& message) {
    std::cerr << "cicatrix server add: " << message << "\n";
    return 2;
}

}  // namespace

int runServerAdd(const ServerAddCommand& c) {
    auto server = serverFromForm(c.server,
                                 kCliFieldNames);
    if (!server)
        return refuse(server.error());

    auto library = Library::open(c.library);
    if (!library)
        return refuse(library.error().message);
    auto added = (*library)->withDatabase(
        [&](SQLite::Database& db) { return SyncServerRepository(db).add(*server); });
    if (!added)
        return refuse(added.error().message);
    std::cout << fmt::format("added server {} ({}), auth {}{}, patients: {}\n", server->name,
                             server->url, server->authKind,
                             server->username ? " as " + *server->username : "",
                             patientScopeText(*server));
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
                                 s.username ? " user=" + *s.username : "", patientScopeText(s));
    }
    if (servers->empty())
        std::cerr << "no server configured\n";
    return 0;
}

}  // namespace cicatrix::workstation
