// `cicatrix server add` and `cicatrix server list`: the DICOMweb servers a library syncs with.
// Secrets stay out of the database (sync/credentials.hpp). Main thread only; print to stdout,
// messages to stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cicatrix::workstation {

struct ServerAddCommand {
    std::filesystem::path library;
    std::string name;
    std::string url;
    std::string user;
    std::string passwordFile;  // basic auth: an owner-only file holding the password
    std::string passwordEnv;   // basic auth: or the name of an environment variable
    std::string tokenFile;     // bearer auth: an owner-only file holding the token
    std::vector<std::string> patients;  // PatientIDs; empty with `all`
    bool all = false;
};
int runServerAdd(const ServerAddCommand& command);

int runServerList(const std::filesystem::path& library, bool json);

}  // namespace cicatrix::workstation
