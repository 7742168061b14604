// The sync module's error vocabulary: expected failures travel as std::expected<T, SyncError>.
// Transport failures (no connection, timeout, TLS, a truncated answer) are kept apart from an
// answer with an HTTP error status; retryable() says whether trying again later may help
// (the sync engine's backoff depends on it). Exceptions from curl/DCMTK never leave the module.
#pragma once

#include <expected>
#include <string>

namespace cicatrix::sync {

enum class SyncErrorCode {
    Unreachable,   // DNS, connection refused or reset: the server or the network is down
    Timeout,       // no answer in time
    Truncated,     // the answer stopped before its announced end
    Tls,           // certificate or TLS handshake refused
    Cancelled,     // a stop was requested
    Unauthorized,  // 401/403: credentials missing or refused
    HttpStatus,    // any other non-2xx answer (see httpStatus)
    Malformed,     // an answer we cannot use (bad JSON, wrong content type, bad multipart)
    InvalidInput,  // a bad argument or configuration on our side
    Library,       // the local library refused (see message)
};

struct SyncError {
    SyncErrorCode code;
    std::string message;
    long httpStatus = 0;  // for HttpStatus / Unauthorized

    // Unreachable, Timeout, Truncated, and 408/429/5xx answers may pass; the rest will not
    // without a change (credentials, configuration, the server's data).
    [[nodiscard]] bool retryable() const {
        switch (code) {
            case SyncErrorCode::Unreachable:
            case SyncErrorCode::Timeout:
            case SyncErrorCode::Truncated:
                return true;
            case SyncErrorCode::HttpStatus:
                return httpStatus == 408 || httpStatus == 429 || httpStatus >= 500;
            default:
                return false;
        }
    }
};

template <typename T>
using SyncResult = std::expected<T, SyncError>;

[[nodiscard]] inline std::unexpected<SyncError> syncFail(SyncErrorCode code, std::string message,
                                                         long httpStatus = 0) {
    return std::unexpected(SyncError{code, std::move(message), httpStatus});
}

[[nodiscard]] const char* syncErrorCodeName(SyncErrorCode code);

}  // namespace cicatrix::sync
