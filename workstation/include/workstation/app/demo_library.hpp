// Builds the demo library from assets/demo/manifest.csv (LUTSeg photos, CC BY 4.0) through the
// normal importer. Idempotent: photos already present are skipped. Thread-safe.
#pragma once

#include <filesystem>

#include "workstation/error.hpp"

namespace cicatrix::workstation {

struct DemoLibraryReport {
    int imported = 0;
    int alreadyPresent = 0;
};

[[nodiscard]] Result<DemoLibraryReport> buildDemoLibrary(const std::filesystem::path& demoAssetsDir,
                                                         const std::filesystem::path& libraryDir);

}  // namespace cicatrix::workstation
