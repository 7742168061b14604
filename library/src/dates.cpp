// ISO dates ↔ day numbers with the std::chrono civil calendar; strict parsing (fixed positions,
// digits only, real calendar dates). Thread-safe (pure).
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

namespace {

// Reads `count` ASCII digits at `pos`; nullopt when any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

struct Moment {
    year_month_day date;
    int hour = 0, minute = 0, second = 0;
};

// "YYYY-MM-DD" then, when `withTime`, "THH:MM[:SS]" ('T' or ' '); nothing may follow.
std::optional<Moment> parseMoment(std::string_view text, bool requireSeconds) {
    const auto y = digits(text, 0, 4);
    const auto mo = digits(text, 5, 2);
    const auto d = digits(text, 8, 2);
    if (!y || !mo || !d || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    Moment m{year_month_day{year{*y}, month{static_cast<unsigned>(*mo)},
                            day{static_cast<unsigned>(*d)}}};
    if (!m.date.ok()) {  // month 1-12 and a day that exists in that month and year
        return std::nullopt;
    }
    if (text.size() == 10) {
        return requireSeconds ? std::nullopt : std::optional(m);
    }
    const auto h = digits(text, 11, 2);
    const auto mi = digits(text, 14, 2);
    if (!h || !mi || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') {
        return std::nullopt;
    }
    m.hour = *h;
    m.minute = *mi;
    if (text.size() == 19) {
        const auto s = digits(text, 17, 2);
        if (!s || text[16] != ':') {
            return std::nullopt;
        }
        m.second = *s;
    } else if (text.size() != 16 || requireSeconds) {
        return std::nullopt;
    }
    if (m.hour > 23 || m.minute > 59 || m.second > 59) {
        return std::nullopt;
    }
    return m;
}

}  // namespace

bool isValidIsoDateTime(std::string_view text) {
    return text.size() == 19 && text[10] == 'T' && parseMoment(text, true).has_value();
}

std::optional<std::string> isoDateTimeProblem(std::string_view text) {
    if (isValidIsoDateTime(text)) {
        return std::nullopt;
    }
    return "capture time '" + std::string(text) + "' is not a valid date and time; expected " +
           std::string(kIsoDateTimeForm) +
           " with a real calendar date and a 24-hour time (e.g. 2026-03-02T14:30:00)";
}

std::optional<double> parseIsoDays(const std::string& iso) {
    const auto m = parseMoment(iso, false);
    if (!m) {
        return std::nullopt;
    }
    const double whole = sys_days{m->date}.time_since_epoch().count();
    return whole + (m->hour * 3600.0 + m->minute * 60.0 + m->second) / 86400.0;
}

std::string localIsoDateTime(std::time_t t) {
    std::tm local{};
    localtime_r(&t, &local);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
    return buf;
}

std::string utcTimestamp(std::chrono::seconds fromNow) {
    const std::time_t t = std::time(nullptr) + fromNow.count();
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
    return buf;
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
