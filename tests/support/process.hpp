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

// Single-quotes `s` for sh, single quotes inside included.
inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

}  // namespace cicatrix::test
