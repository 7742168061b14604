// How a CLI verb refuses: "cicatrix <verb>: <reason>" on stderr and exit status 1. Main thread.
#pragma once

#include <iostream>
#include <string>
#include <string_view>

namespace cicatrix::workstation {

inline int refuse(std::string_view verb, const std::string& message) {
    std::cerr << "cicatrix " << verb << ": " << message << "\n";
    return 1;
}

}  // namespace cicatrix::workstation
