// An HTTP client for DICOMweb over libcurl, behind our own types (no curl in this header).
// One client keeps its connections open between requests (reuse matters more than parallelism
// on a LAN) and can run several requests at once (curl multi). Every request has connect and
// total timeouts, honours a std::stop_token, reports progress, sends Basic or Bearer auth,
// verifies TLS by default (optionally against a given CA bundle) and never sends
// `Expect: 100-continue` (Orthanc does not answer it: a 1 s stall per upload).
// Thread rule: a client is used by one thread at a time; make one per worker.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/sync_error.hpp"

namespace cicatrix::sync {

struct HttpAuth {
    enum class Kind { None, Basic, Bearer };
    Kind kind = Kind::None;
    std::string user;    // Basic
    std::string secret;  // Basic password or Bearer token
};

struct HttpOptions {
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds timeout{120000};  // whole request, body included
    bool verifyTls = true;
    std::filesystem::path caBundle;  // empty: the system's
    HttpAuth auth;
    std::string userAgent = "Cicatrix";
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HttpHeaders headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;
    HttpHeaders headers;  // as received, names as sent by the server
    std::string body;

    // The value of the first header named `name` (case-insensitive), or empty.
    [[nodiscard]] std::string header(std::string_view name) const;
};

// Bytes transferred so far and expected (0 when unknown), both directions together.
using HttpProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

class HttpClient {
  public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends one request. Any HTTP status is a response (use requireSuccess for "2xx or an
    // error"); only transport failures are errors.
    [[nodiscard]] SyncResult<HttpResponse> send(const HttpRequest& request,
                                                std::stop_token stop = {},
                                                const HttpProgress& progress = {});

    // Sends `requests` with at most `parallel` in flight over reused connections; results in
    // the same order. A stop cancels what has not finished.
    [[nodiscard]] std::vector<SyncResult<HttpResponse>> sendAll(
        std::span<const HttpRequest> requests, int parallel, std::stop_token stop = {});

    [[nodiscard]] const HttpOptions& options() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A 2xx response as is; 401/403 as Unauthorized; other statuses as HttpStatus (with the start
// of the body in the message, which is where servers explain).
[[nodiscard]] SyncResult<HttpResponse> requireSuccess(SyncResult<HttpResponse> response,
                                                      std::string_view what);

}  // namespace cicatrix::sync
