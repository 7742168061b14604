// `cicatrix server add` and `cicatrix server list`: the DICOMweb servers a library syncs with.
// Secrets stay out of the database (sync/credentials.hpp). Main thread only; print to stdout,
// messages to stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "workstation/app/server_config.hpp"

namespace cicatrix::workstation {

struct ServerAddCommand {
    std::filesystem::path library;
    ServerForm server;
};
int runServerAdd(const ServerAddCommand& command);

int runServerList(const std::filesystem::path& library, bool json);

}  // namespace cicatrix::workstation
