// Names of error codes, for logs and CLI output.
#include "library/error.hpp"

namespace cicatrix::library {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::NotFound:
            return "not-found";
        case ErrorCode::InvalidInput:
            return "invalid-input";
        case ErrorCode::Corrupt:
            return "corrupt";
        case ErrorCode::TooLarge:
            return "too-large";
        case ErrorCode::Io:
            return "io";
        case ErrorCode::Database:
            return "database";
        case ErrorCode::Busy:
            return "busy";
        case ErrorCode::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

}  // namespace cicatrix::library
