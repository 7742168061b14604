// Builds the demo library from assets/demo/manifest.csv (LUTSeg photos, CC BY 4.0) through the
// normal importer and measures them. Idempotent: photos already present are skipped. Thread-safe.
#pragma once

#include <filesystem>
#include <string>

#include "workstation/error.hpp"

namespace cicatrix::workstation {

struct DemoLibraryReport {
    int imported = 0;
    int alreadyPresent = 0;
    int analysed = 0;          // photos measured by the model on this run
    std::string analysisNote;  // why photos were not analysed, if they were not
};

// Photos without an analysis are then analysed with the model in `modelDir` (skipped, with a
// note, when it cannot be loaded).
[[nodiscard]] Result<DemoLibraryReport> buildDemoLibrary(const std::filesystem::path& demoAssetsDir,
                                                         const std::filesystem::path& libraryDir,
                                                         const std::filesystem::path& modelDir);

}  // namespace cicatrix::workstation
