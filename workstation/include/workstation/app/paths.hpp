// Where things live: XDG data/config folders and the shipped assets. Thread-safe.
#pragma once

#include <filesystem>
#include <optional>

namespace cicatrix::workstation {

// $XDG_DATA_HOME/cicatrix (default ~/.local/share/cicatrix).
[[nodiscard]] std::filesystem::path dataDir();
// $XDG_CONFIG_HOME/cicatrix (default ~/.config/cicatrix).
[[nodiscard]] std::filesystem::path configDir();
// The default library: <dataDir>/library.
[[nodiscard]] std::filesystem::path defaultLibraryDir();
// The demo library built from assets/demo: <dataDir>/demo-library.
[[nodiscard]] std::filesystem::path defaultDemoLibraryDir();
// The shipped assets folder: $CICATRIX_ASSETS, <exe>/../share/cicatrix/assets, or the source
// tree's.
[[nodiscard]] std::optional<std::filesystem::path> assetsDir();

}  // namespace cicatrix::workstation
