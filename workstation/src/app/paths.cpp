// XDG base-directory lookup and asset discovery.
#include "workstation/app/paths.hpp"

#include <cstdlib>

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {
fs::path xdg(const char* variable, const char* fallbackUnderHome) {
    if (const char* value = std::getenv(variable); value != nullptr && value[0] == '/') {
        return fs::path(value) / "cicatrix";
    }
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : "/tmp") / fallbackUnderHome / "cicatrix";
}
}  // namespace

fs::path dataDir() {
    return xdg("XDG_DATA_HOME", ".local/share");
}
fs::path configDir() {
    return xdg("XDG_CONFIG_HOME", ".config");
}
fs::path defaultLibraryDir() {
    return dataDir() / "library";
}
fs::path defaultDemoLibraryDir() {
    return dataDir() / "demo-library";
}

std::optional<fs::path> assetsDir() {
    std::error_code ec;
    if (const char* env = std::getenv("CICATRIX_ASSETS");
        env != nullptr && fs::is_directory(env, ec)) {
        return fs::path(env);
    }
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path().parent_path() / "share" / "cicatrix" / "assets";
        if (fs::is_directory(installed, ec)) {
            return installed;
        }
    }
    if (fs::is_directory(CICATRIX_SOURCE_ASSETS_DIR, ec)) {
        return fs::path(CICATRIX_SOURCE_ASSETS_DIR);
    }
    return std::nullopt;
}

}  // namespace cicatrix::workstation
