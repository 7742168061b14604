// Test fixture: a tiny HTTP/1.1 server on a free loopback port (for broken-peer tests), plus a
// minimal raw-socket HTTP client used by the fixtures and tests. The server runs an accept
// thread and one thread per connection; its public methods are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace cicatrix::test {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive lookup of the first header called `name`.
[[nodiscard]] std::optional<std::string> findHeader(const HttpHeaders& headers,
                                                    std::string_view name);

// "user:password" in Base64, as in an `Authorization: Basic …` header.
[[nodiscard]] std::string basicAuthValue(std::string_view user, std::string_view password);

// ---- client side ----------------------------------------------------------------------------

struct RawHttpResponse {
    int status = 0;
    HttpHeaders headers;
    std::string body;  // de-chunked if the answer was chunked
    [[nodiscard]] std::optional<std::string> header(std::string_view name) const {
        return findHeader(headers, name);
    }
};

// One TCP connection to 127.0.0.1:port. Reads and writes time out after `timeoutMs`.
class LoopbackConnection {
  public:
    LoopbackConnection() = default;
    ~LoopbackConnection();
    LoopbackConnection(const LoopbackConnection&) = delete;
    LoopbackConnection& operator=(const LoopbackConnection&) = delete;

    bool connect(int port, std::string& error, int timeoutMs = 10000);
    [[nodiscard]] bool isOpen() const { return m_fd >= 0; }
    void close();
    bool sendAll(std::string_view data, std::string& error);
    // Reads one complete response (Content-Length, chunked, or until EOF). Bytes past it are
    // kept for the next call, so several responses can be read on a keep-alive connection.
    std::optional<RawHttpResponse> readResponse(std::string& error);
    // True once the peer closed the connection (EOF) within `timeoutMs`.
    bool waitForPeerClose(int timeoutMs);

  private:
    int m_fd = -1;
    std::string m_pending;
};

// A complete request on a fresh connection ("Host" and "Connection: close" added, and
// "Content-Length" when `body` is not empty or the method is POST/PUT), then its response.
std::optional<RawHttpResponse> httpRequest(int port, std::string_view method,
                                           std::string_view target, const HttpHeaders& headers,
                                           std::string_view body, std::string& error);

// ---- server side ----------------------------------------------------------------------------

class FakeHttpServer {
  public:
    struct Request {
        std::string method;
        std::string target;
        HttpHeaders headers;
        std::string body;  // de-chunked if it was sent chunked
        [[nodiscard]] std::optional<std::string> header(std::string_view name) const {
            return findHeader(headers, name);
        }
        [[nodiscard]] bool hasHeader(std::string_view name) const {
            return header(name).has_value();
        }
    };

    struct Response {
        enum class Behaviour {
            Normal,
            // Read the request, then hold the socket open without replying until the server
            // stops (the destructor does not hang on it).
            NeverAnswer,
            // Send the status line and headers with a Content-Length 1000 bytes larger than
            // `body`, then `body` (the "part"), then close: a truncated answer.
            CloseAfterHeaders,
            // Read the request, then close the connection without sending anything.
            CloseImmediately,
        };
        int status = 200;
        HttpHeaders headers;  // Content-Length is added unless given
        std::string body;
        Behaviour behaviour = Behaviour::Normal;
    };

    using Handler = std::function<Response(const Request&)>;

    // Binds 127.0.0.1 on a free port and starts serving; throws std::runtime_error if it
    // cannot. Without a handler every request gets 200 with an empty body. `Expect:
    // 100-continue` is never answered with 100 (like Orthanc): the request is recorded as
    // sent, and the body is read whenever the client sends it. Connections are kept alive
    // (HTTP/1.1) unless the request or the response says "Connection: close".
    explicit FakeHttpServer(Handler handler = {});
    ~FakeHttpServer();
    FakeHttpServer(const FakeHttpServer&) = delete;
    FakeHttpServer& operator=(const FakeHttpServer&) = delete;

    void setHandler(Handler handler);
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] std::string url() const;  // "http://127.0.0.1:PORT"
    // Every request received so far, in arrival order (recorded before the handler runs).
    [[nodiscard]] std::vector<Request> requests() const;
    [[nodiscard]] int connectionsAccepted() const { return m_connectionsAccepted.load(); }

  private:
    void acceptLoop();
    void serveConnection(int fd);
    bool readRequest(int fd, std::string& buffer, Request& request);
    bool waitReadable(int fd);
    void sendResponse(int fd, const Response& response, bool keepAlive);

    int m_listenFd = -1;
    int m_wakeRead = -1;  // readable once stopping: wakes every poll()
    int m_wakeWrite = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_connectionsAccepted{0};
    mutable std::mutex m_mutex;  // guards everything below
    Handler m_handler;
    std::vector<Request> m_requests;
    std::set<int> m_openFds;
    std::vector<std::thread> m_connectionThreads;
    std::thread m_acceptThread;
};

}  // namespace cicatrix::test
