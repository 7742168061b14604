// Runs a command line through /bin/sh and captures its output and exit status (tests only).
#pragma once

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

namespace cicatrix::test {

struct ProcessResult {
    int exitCode;
    std::string output;  // stdout and stderr together
};

inline ProcessResult runCommand(const std::string& command) {
    ProcessResult result{-1, {}};
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        return result;
    }
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) {
        result.output += buf.data();
    }
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::string quote(const std::string& s) {
    return "'" + s + "'";
}

}  // namespace cicatrix::test
