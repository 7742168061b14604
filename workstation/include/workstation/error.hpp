// The workstation module's error vocabulary: expected failures travel as std::expected<T, Error>.
// Codes say what the caller can do about it; the message is written for the person at the screen.
#pragma once

#include <expected>
#include <string>

namespace cicatrix::workstation {

enum class ErrorCode {
    NotFound,      // file, patient, wound or photo does not exist
    InvalidInput,  // the input is not what was asked for (not an image, bad argument)
    Corrupt,       // the bytes are damaged or truncated
    TooLarge,      // over a safety limit (file size, pixel count)
    Io,            // the filesystem failed
    Database,      // SQLite failed or the schema is not what we expect
    Cancelled,     // a stop was requested
};

struct Error {
    ErrorCode code;
    std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
    return std::unexpected(Error{code, std::move(message)});
}

[[nodiscard]] const char* errorCodeName(ErrorCode code);

}  // namespace cicatrix::workstation
