// The wall clock the CLI uses for "now", as UTC "YYYY-MM-DDTHH:MM:SSZ". Tests inject a time with
// the environment variable CICATRIX_NOW (same form), so waiting times are reproducible.
// Thread-safe (reads the environment and the system clock).
#pragma once

#include <string>

#include "workstation/error.hpp"

namespace cicatrix::workstation {

inline constexpr char kNowVariable[] = "CICATRIX_NOW";

// CICATRIX_NOW when set (refused with the expected form when malformed), else the system clock.
[[nodiscard]] Result<std::string> nowUtcIso();

}  // namespace cicatrix::workstation
