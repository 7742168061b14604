// "Now" for the CLI: CICATRIX_NOW (checked with the library's date rules) or the system clock.
#include "workstation/app/clock.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include "library/dates.hpp"

namespace cicatrix::workstation {

Result<std::string> nowUtcIso() {
    if (const char* value = std::getenv(kNowVariable); value != nullptr && value[0] != '\0') {
        const std::string_view text(value);
        if (text.size() != 20 || text.back() != 'Z' ||
            !isValidIsoDateTime(text.substr(0, text.size() - 1)))
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}=\"{}\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ",
                                    kNowVariable, text));
        return std::string(text);
    }
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text);
}

}  // namespace cicatrix::workstation
