// Test fixture: a tiny loopback HTTP/1.1 server (one thread per connection) and a raw-socket
// HTTP client. Shared state of the server is guarded by its mutex; see fake_http_server.hpp.
#include "support/fake_http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace cicatrix::test {
namespace {

// Reads more bytes into the buffer: 1 got some, 0 orderly EOF, -1 error, timeout or stop.
using ReadMore = std::function<int(std::string&)>;

std::string lower(std::string_view s) {
    std::string out(s);
    std::ranges::transform(out, out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r");
    return std::string(s.substr(first, last - first + 1));
}

bool sendAllFd(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

int recvInto(int fd, std::string& buffer) {
    char chunk[16384];
    for (;;) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        return 1;
    }
}

// Takes the head (start line + header lines, without the blank line) off the buffer.
bool readHead(std::string& buffer, const ReadMore& more, std::string& startLine,
              HttpHeaders& headers) {
    std::size_t end = 0;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (more(buffer) != 1) {
            return false;
        }
    }
    const std::string head = buffer.substr(0, end);
    buffer.erase(0, end + 4);
    std::size_t pos = head.find("\r\n");
    startLine = head.substr(0, pos);
    while (pos != std::string::npos) {
        const std::size_t next = head.find("\r\n", pos + 2);
        const std::string line =
            head.substr(pos + 2, next == std::string::npos ? next : next - pos - 2);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
        }
        pos = next;
    }
    return true;
}

bool readExact(std::string& buffer, const ReadMore& more, std::size_t n, std::string& out) {
    while (buffer.size() < n) {
        if (more(buffer) != 1) {
            return false;
        }
    }
    out.append(buffer, 0, n);
    buffer.erase(0, n);
    return true;
}

bool readLine(std::string& buffer, const ReadMore& more, std::string& line) {
    std::size_t end = 0;
    while ((end = buffer.find("\r\n")) == std::string::npos) {
        if (more(buffer) != 1) {
            return false;
        }
    }
    line = buffer.substr(0, end);
    buffer.erase(0, end + 2);
    return true;
}

bool readChunked(std::string& buffer, const ReadMore& more, std::string& out) {
    for (;;) {
        std::string line;
        if (!readLine(buffer, more, line)) {
            return false;
        }
        std::size_t size = 0;
        const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
        if (ec != std::errc{} || ptr == line.data()) {
            return false;
        }
        if (size == 0) {
            do {  // trailer section, up to the blank line
                if (!readLine(buffer, more, line)) {
                    return false;
                }
            } while (!line.empty());
            return true;
        }
        std::string crlf;
        if (!readExact(buffer, more, size, out) || !readExact(buffer, more, 2, crlf)) {
            return false;
        }
    }
}

// Reads a message body framed by `headers`. Without framing, a response body runs to EOF
// and a request has none.
bool readBody(std::string& buffer, const ReadMore& more, const HttpHeaders& headers, bool untilEof,
              std::string& out) {
    if (const auto te = findHeader(headers, "Transfer-Encoding");
        te && lower(*te).find("chunked") != std::string::npos) {
        return readChunked(buffer, more, out);
    }
    if (const auto length = findHeader(headers, "Content-Length")) {
        std::size_t n = 0;
        const auto [ptr, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
        return ec == std::errc{} && readExact(buffer, more, n, out);
    }
    if (!untilEof) {
        return true;
    }
    for (;;) {
        const int r = more(buffer);
        if (r == 0) {
            out += buffer;
            buffer.clear();
            return true;
        }
        if (r < 0) {
            return false;
        }
    }
}

const char* reasonPhrase(int status) {
    static constexpr std::pair<int, const char*> kPhrases[] = {{200, "OK"},
                                                               {201, "Created"},
                                                               {204, "No Content"},
                                                               {400, "Bad Request"},
                                                               {401, "Unauthorized"},
                                                               {403, "Forbidden"},
                                                               {404, "Not Found"},
                                                               {409, "Conflict"},
                                                               {500, "Internal Server Error"},
                                                               {503, "Service Unavailable"}};
    for (const auto& [code, phrase] : kPhrases) {
        if (code == status) {
            return phrase;
        }
    }
    return "Status";
}

}  // namespace

std::optional<std::string> findHeader(const HttpHeaders& headers, std::string_view name) {
    const std::string wanted = lower(name);
    for (const auto& [key, value] : headers) {
        if (lower(key) == wanted) {
            return value;
        }
    }
    return std::nullopt;
}

std::string basicAuthValue(std::string_view user, std::string_view password) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string in = std::string(user) + ":" + std::string(password);
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
        if (i + 1 < in.size()) {
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
        }
        if (i + 2 < in.size()) {
            v |= static_cast<unsigned char>(in[i + 2]);
        }
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
    }
    return "Basic " + out;
}

// ---- LoopbackConnection ----------------------------------------------------------------------

LoopbackConnection::~LoopbackConnection() {
    close();
}

void LoopbackConnection::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_pending.clear();
}

bool LoopbackConnection::connect(int port, std::string& error, int timeoutMs) {
    close();
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        error = "connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        close();
        return false;
    }
    return true;
}

bool LoopbackConnection::sendAll(std::string_view data, std::string& error) {
    if (m_fd < 0 || !sendAllFd(m_fd, data)) {
        error = std::string("send: ") + (m_fd < 0 ? "not connected" : std::strerror(errno));
        return false;
    }
    return true;
}

std::optional<RawHttpResponse> LoopbackConnection::readResponse(std::string& error) {
    if (m_fd < 0) {
        error = "readResponse: not connected";
        return std::nullopt;
    }
    const ReadMore more = [this](std::string& buffer) { return recvInto(m_fd, buffer); };
    RawHttpResponse response;
    std::string statusLine;
    if (!readHead(m_pending, more, statusLine, response.headers)) {
        error = "no complete response head (connection closed, reset or timed out)";
        return std::nullopt;
    }
    const auto space = statusLine.find(' ');
    if (statusLine.rfind("HTTP/", 0) != 0 || space == std::string::npos) {
        error = "bad status line: " + statusLine;
        return std::nullopt;
    }
    std::from_chars(statusLine.data() + space + 1, statusLine.data() + statusLine.size(),
                    response.status);
    const bool noBody = response.status == 204 || response.status == 304 || response.status < 200;
    if (!noBody && !readBody(m_pending, more, response.headers, true, response.body)) {
        error = "truncated response body (status " + std::to_string(response.status) + ")";
        return std::nullopt;
    }
    return response;
}

bool LoopbackConnection::waitForPeerClose(int timeoutMs) {
    if (m_fd < 0) {
        return true;
    }
    pollfd p{m_fd, POLLIN, 0};
    while (::poll(&p, 1, timeoutMs) > 0) {
        if (recvInto(m_fd, m_pending) != 1) {
            return true;
        }
    }
    return false;
}

std::optional<RawHttpResponse> httpRequest(int port, std::string_view method,
                                           std::string_view target, const HttpHeaders& headers,
                                           std::string_view body, std::string& error) {
    std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
    request += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
    for (const auto& [key, value] : headers) {
        request += key + ": " + value + "\r\n";
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "Connection: close\r\n\r\n";
    request += body;
    LoopbackConnection connection;
    if (!connection.connect(port, error) || !connection.sendAll(request, error)) {
        return std::nullopt;
    }
    return connection.readResponse(error);
}

// ---- FakeHttpServer --------------------------------------------------------------------------

FakeHttpServer::FakeHttpServer(Handler handler) : m_handler(std::move(handler)) {
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    m_wakeRead = wake[0];
    m_wakeWrite = wake[1];
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (m_listenFd < 0 ||
        ::bind(m_listenFd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_listenFd, 64) != 0 ||
        ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
        const std::string reason = std::strerror(errno);
        for (const int fd : {m_listenFd, m_wakeRead, m_wakeWrite}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
        throw std::runtime_error("FakeHttpServer: cannot listen on loopback: " + reason);
    }
    m_port = ntohs(addr.sin_port);
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

FakeHttpServer::~FakeHttpServer() {
    m_stopping = true;
    const char byte = 'x';
    [[maybe_unused]] const ssize_t n =
        ::write(m_wakeWrite, &byte, 1);  // never read: stays readable
    {
        const std::lock_guard lock(m_mutex);
        for (const int fd : m_openFds) {
            ::shutdown(fd, SHUT_RDWR);  // unblocks a send() into a client that does not read
        }
    }
    m_acceptThread.join();  // after this, no connection thread is added
    std::vector<std::thread> threads;
    {
        const std::lock_guard lock(m_mutex);
        threads.swap(m_connectionThreads);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    ::close(m_listenFd);
    ::close(m_wakeRead);
    ::close(m_wakeWrite);
}

void FakeHttpServer::setHandler(Handler handler) {
    const std::lock_guard lock(m_mutex);
    m_handler = std::move(handler);
}

std::string FakeHttpServer::url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<FakeHttpServer::Request> FakeHttpServer::requests() const {
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

void FakeHttpServer::acceptLoop() {
    for (;;) {
        pollfd fds[2] = {{m_listenFd, POLLIN, 0}, {m_wakeRead, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) {
            return;
        }
        if (m_stopping || (fds[1].revents & POLLIN) != 0) {
            return;
        }
        if ((fds[0].revents & POLLIN) == 0) {
            continue;
        }
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        ++m_connectionsAccepted;
        const std::lock_guard lock(m_mutex);
        m_openFds.insert(fd);
        m_connectionThreads.emplace_back([this, fd] { serveConnection(fd); });
    }
}

bool FakeHttpServer::waitReadable(int fd) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {m_wakeRead, POLLIN, 0}};
    for (;;) {
        const int r = ::poll(fds, 2, -1);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        return r > 0 && !m_stopping && (fds[1].revents & POLLIN) == 0;
    }
}

bool FakeHttpServer::readRequest(int fd, std::string& buffer, Request& request) {
    const ReadMore more = [this, fd](std::string& into) {
        return waitReadable(fd) ? recvInto(fd, into) : -1;
    };
    std::string requestLine;
    if (!readHead(buffer, more, requestLine, request.headers)) {
        return false;
    }
    const auto first = requestLine.find(' ');
    const auto second = requestLine.find(' ', first + 1);
    if (first == std::string::npos || second == std::string::npos) {
        return false;
    }
    request.method = requestLine.substr(0, first);
    request.target = requestLine.substr(first + 1, second - first - 1);
    // Expect: 100-continue is deliberately not answered: the body comes when the client
    // gives up waiting, as with Orthanc.
    return readBody(buffer, more, request.headers, false, request.body);
}

void FakeHttpServer::sendResponse(int fd, const Response& response, bool keepAlive) {
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       reasonPhrase(response.status) + "\r\n";
    for (const auto& [key, value] : response.headers) {
        if (response.behaviour != Response::Behaviour::CloseAfterHeaders ||
            lower(key) != "content-length") {
            head += key + ": " + value + "\r\n";
        }
    }
    if (response.behaviour == Response::Behaviour::CloseAfterHeaders) {
        head += "Content-Length: " + std::to_string(response.body.size() + 1000) + "\r\n";
    } else if (!findHeader(response.headers, "Content-Length")) {
        head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    }
    if (!keepAlive && !findHeader(response.headers, "Connection")) {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    sendAllFd(fd, head + response.body);
}

void FakeHttpServer::serveConnection(int fd) {
    std::string buffer;
    for (;;) {
        Request request;
        if (!readRequest(fd, buffer, request)) {
            break;
        }
        Handler handler;
        {
            const std::lock_guard lock(m_mutex);
            m_requests.push_back(request);
            handler = m_handler;
        }
        const Response response = handler ? handler(request) : Response{};
        using Behaviour = Response::Behaviour;
        if (response.behaviour == Behaviour::NeverAnswer) {
            pollfd wake{m_wakeRead, POLLIN, 0};
            while (::poll(&wake, 1, -1) < 0 && errno == EINTR) {
            }
            break;
        }
        if (response.behaviour == Behaviour::CloseImmediately) {
            break;
        }
        const auto requestConnection = request.header("Connection");
        const auto responseConnection = findHeader(response.headers, "Connection");
        const bool keepAlive = response.behaviour == Behaviour::Normal &&
                               !(requestConnection && lower(*requestConnection) == "close") &&
                               !(responseConnection && lower(*responseConnection) == "close");
        sendResponse(fd, response, keepAlive);
        if (!keepAlive) {
            break;
        }
    }
    {
        const std::lock_guard lock(m_mutex);
        m_openFds.erase(fd);
    }
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
}

}  // namespace cicatrix::test
