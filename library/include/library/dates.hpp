// Calendar dates as the library stores them (ISO 8601 text) and as day numbers for axes and
// trends. Thread-safe (pure).
#pragma once

#include <optional>
#include <string>

namespace cicatrix::library {

// Days since 1970-01-01 (fractional) for "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]".
[[nodiscard]] std::optional<double> parseIsoDays(const std::string& iso);
// "2026-03-02" for a day number.
[[nodiscard]] std::string isoDate(double days);
// "02 Mar" / "Mar 2026" style labels.
[[nodiscard]] std::string shortDayLabel(double days);
[[nodiscard]] std::string monthLabel(double days);

}  // namespace cicatrix::library
