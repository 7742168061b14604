// ISO dates ↔ day numbers with the std::chrono civil calendar.
#include "library/dates.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace cicatrix::library {

namespace {
using namespace std::chrono;

year_month_day civil(double days) {
    return year_month_day{sys_days{std::chrono::days{static_cast<int>(std::floor(days))}}};
}

constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::optional<double> parseIsoDays(const std::string& iso) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const int n = std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
    if (n < 3) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    const double whole = sys_days{ymd}.time_since_epoch().count();
    return whole + (h * 3600.0 + mi * 60.0 + s) / 86400.0;
}

std::string isoDate(double days) {
    const auto ymd = civil(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string shortDayLabel(double days) {
    const auto ymd = civil(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u %s", static_cast<unsigned>(ymd.day()),
                  kMonths[static_cast<unsigned>(ymd.month()) - 1]);
    return buf;
}

std::string monthLabel(double days) {
    const auto ymd = civil(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s %d", kMonths[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()));
    return buf;
}

}  // namespace cicatrix::library
