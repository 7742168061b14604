// The library module's error vocabulary: expected failures travel as std::expected<T, Error>.
// Codes say what the caller can do about it; the message is written for the person at the screen.
// retryable() tells a failure worth trying again later (busy database, I/O that may pass) from a
// permanent one (bad data): sync's retries and the UI's "try again" depend on it.
#pragma once

#include <expected>
#include <string>

namespace cicatrix::library {

enum class ErrorCode {
    NotFound,      // file, patient, wound or photo does not exist
    InvalidInput,  // the input is not what was asked for (not an image, bad argument)
    Corrupt,       // the bytes are damaged or truncated
    TooLarge,      // over a safety limit (file size, pixel count)
    Io,            // the filesystem failed
    Database,      // SQLite failed or the schema is not what we expect
    Busy,          // the database is locked by another writer for longer than the busy timeout
    Cancelled,     // a stop was requested
};

// Retryable: the same call may succeed later without anything changing in the input
// (Busy, Io). Everything else is permanent for this input.
[[nodiscard]] constexpr bool isRetryable(ErrorCode code) {
    return code == ErrorCode::Busy || code == ErrorCode::Io;
}

struct Error {
    ErrorCode code;
    std::string message;

    [[nodiscard]] bool retryable() const { return isRetryable(code); }
};

template <typename T>
using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
    return std::unexpected(Error{code, std::move(message)});
}

[[nodiscard]] const char* errorCodeName(ErrorCode code);

}  // namespace cicatrix::library
