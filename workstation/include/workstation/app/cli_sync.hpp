// `cicatrix sync --library DIR --server NAME [--full] [--json]` (pull then push, counts printed;
// exit 0 only when both directions completed, 1 when the server cannot be reached or refuses the
// credentials — the outbox is kept —, 3 when some photos are still queued) and
// `cicatrix server remove --library DIR --name NAME`. Main thread only.
#pragma once

#include <filesystem>
#include <string>

namespace cicatrix::workstation {

struct SyncCommand {
    std::filesystem::path library;
    std::string server;
    bool full = false;  // enumerate the whole scope (finds deletions) even with a change feed
    bool json = false;
};
int runSync(const SyncCommand& command);

int runServerRemove(const std::filesystem::path& library, const std::string& name);

}  // namespace cicatrix::workstation
