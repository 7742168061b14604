// nlohmann::json mapping of AppSettings, one table of fields for reading and writing; written
// atomically. Each field is checked for its type and range on reading.
#include "workstation/app/settings.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "library/atomic_file.hpp"

namespace cicatrix::workstation {

namespace {

using Json = nlohmann::json;
constexpr std::size_t kMaxSettingsBytes = 1u << 20;
constexpr std::size_t kMaxUserNameBytes = 200;

// Visits every field with (path, value reference, min, max). The one list of settings fields.
template <typename S, typename F>
void forEachField(S& s, F&& f) {
    f("window.x", s.windowX, -100000, 100000);
    f("window.y", s.windowY, -100000, 100000);
    f("window.width", s.windowWidth, 640, 32768);
    f("window.height", s.windowHeight, 480, 32768);
    f("window.maximized", s.maximized, false, true);
    f("layout.sidebar_width", s.layout.sidebarWidth, 100.0f, 8000.0f);
    f("layout.timeline_height", s.layout.timelineHeight, 100.0f, 8000.0f);
    f("layout.info_width", s.layout.infoWidth, 100.0f, 8000.0f);
    f("texture_budget_mib", s.textureBudgetMiB, std::size_t{64}, std::size_t{65536});
    f("marker_mm", s.markerMm, 1.0, 500.0);
    f("alerts.min_reduction_at_4_weeks_percent", s.alerts.minReductionAt4WeeksPercent, 0.0, 100.0);
    f("alerts.max_increase_between_visits_percent", s.alerts.maxIncreaseBetweenVisitsPercent, 0.0,
      1000.0);
    f("alerts.necrosis_rise_points", s.alerts.necrosisRisePoints, 0.0, 100.0);
    f("alerts.periwound_redness_rise", s.alerts.rednessRise, 0.0, 100.0);
    f("overlay.visible", s.overlay.visible, false, true);
    f("overlay.opacity", s.overlay.opacity, 0.1f, 1.0f);
    f("overlay.outline", s.overlay.outline, false, true);
    f("overlay.tissue_colours", s.overlay.tissueColours, false, true);
    f("overlay.show_axes", s.overlay.showAxes, false, true);
    f("sync.interval_minutes", s.syncIntervalMinutes, 0, 24 * 60);
}

// The JSON value at a dotted path, or null when any part is missing.
const Json* find(const Json& root, std::string_view path) {
    const Json* node = &root;
    while (!path.empty()) {
        const std::size_t dot = path.find('.');
        const std::string key(path.substr(0, dot));
        if (!node->is_object() || !node->contains(key))
            return nullptr;
        node = &(*node)[key];
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return node;
}

template <typename T>
std::string show(const T& value) {
    if constexpr (std::is_same_v<T, bool>)
        return value ? "true" : "false";
    else
        return fmt::format("{}", value);
}

template <typename T>
bool typeFits(const Json& j) {
    if constexpr (std::is_same_v<T, bool>)
        return j.is_boolean();
    else if constexpr (std::is_integral_v<T>)
        return j.is_number_integer();
    else
        return j.is_number();
}

}  // namespace

LoadedSettings loadSettings(const std::filesystem::path& file) {
    LoadedSettings out;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return out;
    auto bytes = readFileBytes(file, kMaxSettingsBytes);
    if (!bytes) {
        out.problems.push_back(
            fmt::format("{}: {}; using the defaults", file.string(), bytes.error().message));
        return out;
    }
    const Json root =
        Json::parse(bytes->begin(), bytes->end(), nullptr, /*allow_exceptions=*/false);
    if (!root.is_object()) {
        out.problems.push_back(
            fmt::format("{}: not a JSON object; using the defaults", file.string()));
        return out;
    }
    const std::string name = file.filename().string();
    forEachField(out.settings, [&]<typename T>(const char* path, T& value, T min, T max) {
        const Json* j = find(root, path);
        if (j == nullptr)
            return;  // absent: the default, silently (older files lack new fields)
        if (!typeFits<T>(*j)) {
            out.problems.push_back(fmt::format(
                "{}: {} should be {}, not {}; using the default {}", name, path,
                std::is_same_v<T, bool> ? "true or false" : "a number", j->dump(), show(value)));
            return;
        }
        // The range is checked on the JSON number itself, before any conversion that could
        // wrap (a huge integer) or round (a float field).
        const bool inRange = [&] {
            if constexpr (std::is_same_v<T, bool>)
                return true;
            else {
                const double number = j->get<double>();
                return number >= static_cast<double>(min) && number <= static_cast<double>(max);
            }
        }();
        if (!inRange) {
            out.problems.push_back(
                fmt::format("{}: {} = {} is outside {}..{}; using the default {}", name, path,
                            j->dump(), show(min), show(max), show(value)));
            return;
        }
        const T read = j->get<T>();
        value = read;
    });
    // The one text field: the last annotator (a name, offered at the next start).
    if (const Json* user = find(root, "annotate.last_user")) {
        if (user->is_string() && user->get<std::string>().size() <= kMaxUserNameBytes)
            out.settings.lastUser = user->get<std::string>();
        else
            out.problems.push_back(
                fmt::format("{}: annotate.last_user should be a name; ignored", name));
    }
    return out;
}

Result<void> saveSettings(const std::filesystem::path& file, const AppSettings& settings) {
    Json root = Json::object();
    forEachField(settings, [&]<typename T>(const char* path, const T& value, T, T) {
        std::string pointer = std::string("/") + path;
        std::ranges::replace(pointer, '.', '/');
        root[Json::json_pointer(pointer)] = value;
    });
    if (!settings.lastUser.empty())
        root["annotate"]["last_user"] = settings.lastUser;
    const std::string text = root.dump(2) + "\n";
    return writeFileAtomically(
        file, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
        /*allowReplace=*/true);
}

}  // namespace cicatrix::workstation
