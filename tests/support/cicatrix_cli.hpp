// Runs the real `cicatrix` binary (CICATRIX_BINARY, defined for every test executable) with
// arguments: cli() captures stdout and stderr together, cliStdout() stdout alone (for --json,
// whose one document must be all of stdout). Tests only.
#pragma once

#include <string>

#include "support/process.hpp"

namespace cicatrix::test {

inline ProcessResult cli(const std::string& args) {
    return runCommand(std::string(CICATRIX_BINARY) + " " + args);
}

inline ProcessResult cliStdout(const std::string& args) {
    return runCommand("{ " + std::string(CICATRIX_BINARY) + " " + args + " 2>/dev/null; }");
}

}  // namespace cicatrix::test
