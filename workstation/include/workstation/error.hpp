// The workstation speaks the library's vocabulary: its errors are the library's Error (with its
// retryable/permanent split) and its records are the library's. Include this in workstation code
// that names library types unqualified.
#pragma once

#include "library/error.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
using namespace cicatrix::library;  // NOLINT(google-build-using-namespace): one vocabulary
}  // namespace cicatrix::workstation
