// `cicatrix model activate|show`: which segmentation model a library's analyses use. Activation
// loads the folder as a model first (a folder that does not load is refused with the reason) and
// records its name, version and absolute folder with the user (audit row). Main thread only;
// one JSON document on stdout with --json; exit 1 with the reason when refused.
#pragma once

#include <filesystem>
#include <string>

namespace cicatrix::workstation {

struct ModelActivateCommand {
    std::filesystem::path library;
    std::filesystem::path model;
    std::string user;
};
int runModelActivate(const ModelActivateCommand& command);

int runModelShow(const std::filesystem::path& library, bool json);

}  // namespace cicatrix::workstation
