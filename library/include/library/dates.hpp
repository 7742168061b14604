// Calendar dates as the library stores them (ISO 8601 text) and as day numbers for axes and
// trends. Impossible dates and times (2026-02-30, 25:00) are refused, never normalised.
// Thread-safe (pure).
#pragma once

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace cicatrix::library {

// The one form of a capture time the library stores: "YYYY-MM-DDTHH:MM:SS".
inline constexpr std::string_view kIsoDateTimeForm = "YYYY-MM-DDTHH:MM:SS";

// True for "YYYY-MM-DDTHH:MM:SS" naming a real moment: month 1-12, a day that exists in that
// month (leap years included), hour < 24, minute < 60, second < 60.
[[nodiscard]] bool isValidIsoDateTime(std::string_view text);
// Why `text` is not a valid capture time, for the person who typed it (names the value and the
// expected form); nullopt when it is valid.
[[nodiscard]] std::optional<std::string> isoDateTimeProblem(std::string_view text);

// Days since 1970-01-01 (fractional) for "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (a space may
// stand for the 'T', as SQLite's datetime() writes it). nullopt for anything else, including
// impossible dates and times.
[[nodiscard]] std::optional<double> parseIsoDays(const std::string& iso);
// "2026-03-02" for a day number.
[[nodiscard]] std::string isoDate(double days);
// The local wall-clock time of `t` as a capture time ("YYYY-MM-DDTHH:MM:SS").
[[nodiscard]] std::string localIsoDateTime(std::time_t t);
// UTC "YYYY-MM-DDTHH:MM:SS.000Z", `fromNow` from now: the form SQLite's
// strftime('%Y-%m-%dT%H:%M:%fZ', 'now') writes, so the two compare as text.
[[nodiscard]] std::string utcTimestamp(std::chrono::seconds fromNow = std::chrono::seconds(0));
// "02 Mar" / "Mar 2026" style labels.
[[nodiscard]] std::string shortDayLabel(double days);
[[nodiscard]] std::string monthLabel(double days);

}  // namespace cicatrix::library
