// Test fixture: starts and stops a real Orthanc child process (fork/exec, PR_SET_PDEATHSIG) and
// polls its REST API over a raw loopback socket. Single-threaded use; see orthanc_server.hpp.
#include "support/orthanc_server.hpp"

#include "support/fake_http_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

namespace cicatrix::test {
namespace {

constexpr const char* kPluginPath = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
constexpr int kPortAttempts = 5;
constexpr auto kReadyTimeout = std::chrono::seconds(30);
constexpr auto kPollInterval = std::chrono::milliseconds(10);

std::string findOrthancBinary() {
    for (const char* candidate : {"/usr/sbin/Orthanc", "/usr/bin/Orthanc"}) {
        if (::access(candidate, X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

// A port that was free a moment ago (bind 0.0.0.0:0 as Orthanc will, read it back, close; the
// socket never listens); 0 on failure.
int pickFreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return 0;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    socklen_t length = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string readTail(const std::filesystem::path& path, std::size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return {};
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    const std::size_t start = size > maxBytes ? size - maxBytes : 0;
    in.seekg(static_cast<std::streamoff>(start));
    std::string out(size - start, '\0');
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    return out;
}

}  // namespace

std::unique_ptr<OrthancServer> OrthancServer::start(std::string& error) {
    if (findOrthancBinary().empty() || ::access(kPluginPath, R_OK) != 0) {
        error =
            "Orthanc or its DICOMweb plugin is not installed (apt install orthanc "
            "orthanc-dicomweb)";
        return nullptr;
    }
    std::unique_ptr<OrthancServer> server(new OrthancServer());
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cicatrix-orthanc-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        error = std::string("mkdtemp: ") + std::strerror(errno);
        return nullptr;
    }
    server->m_tempDir = pattern;
    server->m_storageDir = server->m_tempDir / "storage";
    server->m_configPath = server->m_tempDir / "orthanc.json";
    server->m_logPath = server->m_tempDir / "orthanc.log";
    server->m_stderrPath = server->m_tempDir / "orthanc.stderr";
    std::error_code ec;
    std::filesystem::create_directories(server->m_storageDir, ec);
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        server->m_port = pickFreePort();
        if (server->m_port == 0) {
            error = "no free loopback port";
            return nullptr;
        }
        if (!server->writeConfig(error)) {
            return nullptr;
        }
        std::filesystem::remove(server->m_logPath, ec);  // judge this attempt by its own log
        if (server->launch(error)) {
            return server;
        }
        if (server->logTail().find("already in use") == std::string::npos) {
            return nullptr;  // a real failure, not a lost race for the port
        }
    }
    return nullptr;
}

OrthancServer::~OrthancServer() {
    kill();
    std::error_code ec;
    std::filesystem::remove_all(m_tempDir, ec);
}

std::string OrthancServer::url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::string OrthancServer::dicomWebRoot() const {
    return url() + "/dicom-web";
}

std::string OrthancServer::logTail(std::size_t maxBytes) const {
    std::string tail = readTail(m_logPath, maxBytes);
    const std::string stderrTail = readTail(m_stderrPath, maxBytes);
    if (!stderrTail.empty()) {
        tail += "\n[stderr]\n" + stderrTail;
    }
    return tail;
}

bool OrthancServer::writeConfig(std::string& error) {
    const std::string port = std::to_string(m_port);
    const std::string storage = jsonString(m_storageDir.string());
    std::ofstream out(m_configPath, std::ios::trunc);
    out << "{\n"
        << "  \"Name\": \"cicatrix-test\",\n"
        << "  \"StorageDirectory\": " << storage << ",\n"
        << "  \"IndexDirectory\": " << storage << ",\n"
        << "  \"Plugins\": [" << jsonString(kPluginPath) << "],\n"
        << "  \"HttpPort\": " << port << ",\n"
        << "  \"RemoteAccessAllowed\": false,\n"
        << "  \"AuthenticationEnabled\": true,\n"
        << "  \"RegisteredUsers\": {" << jsonString(user()) << ": " << jsonString(password())
        << "},\n"
        << "  \"DicomServerEnabled\": false,\n"
        << "  \"OrthancExplorerEnabled\": false,\n"
        << "  \"WebDavEnabled\": false,\n"
        << "  \"SaveJobs\": false,\n"
        << "  \"HttpCompressionEnabled\": false,\n"
        << "  \"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\", \"Host\": \"127.0.0.1:"
        << port << "\"}\n"
        << "}\n";
    out.close();
    if (!out) {
        error = "cannot write " + m_configPath.string();
        return false;
    }
    return true;
}

bool OrthancServer::spawn(std::string& error) {
    const std::string binary = findOrthancBinary();
    const std::string logArg = "--logfile=" + m_logPath.string();
    const std::string configArg = m_configPath.string();
    const std::string stderrPath = m_stderrPath.string();
    std::vector<char*> argv = {const_cast<char*>("Orthanc"), const_cast<char*>(logArg.c_str()),
                               const_cast<char*>("--no-jobs"), const_cast<char*>(configArg.c_str()),
                               nullptr};
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        return false;
    }
    if (pid == 0) {
        // Child: async-signal-safe calls only. Die with the parent (thread), even on SIGKILL.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        const int devNull = ::open("/dev/null", O_RDONLY);
        const int err = ::open(stderrPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (devNull >= 0) {
            ::dup2(devNull, STDIN_FILENO);
        }
        if (err >= 0) {
            ::dup2(err, STDOUT_FILENO);
            ::dup2(err, STDERR_FILENO);
        }
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    m_pid = pid;
    return true;
}

bool OrthancServer::reapIfExited(int& exitStatus) {
    if (m_pid <= 0) {
        return false;
    }
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) != m_pid) {
        return false;
    }
    m_pid = -1;
    exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
}

bool OrthancServer::isReady() {
    std::string ignored;
    const auto response =
        httpRequest(m_port, "GET", "/system",
                    {{"Authorization", basicAuthValue(user(), password())}}, "", ignored);
    return response && response->status == 200;
}

bool OrthancServer::launch(std::string& error) {
    if (!spawn(error)) {
        return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int exitStatus = 0;
        if (reapIfExited(exitStatus)) {
            error = "Orthanc exited with status " + std::to_string(exitStatus) +
                    " before it was ready on port " + std::to_string(m_port) + "; log tail:\n" +
                    logTail();
            return false;
        }
        if (isReady()) {
            return true;
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    kill();
    error = "Orthanc did not answer GET /system within 30 s on port " + std::to_string(m_port) +
            "; log tail:\n" + logTail();
    return false;
}

void OrthancServer::kill() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
}

bool OrthancServer::restart(std::string& error) {
    kill();
    return launch(error);
}

bool OrthancServer::uploadDicomFile(const std::filesystem::path& dcm, std::string& error) {
    std::ifstream in(dcm, std::ios::binary);
    if (!in) {
        error = "cannot read " + dcm.string();
        return false;
    }
    std::ostringstream content;
    content << in.rdbuf();
    const auto response = httpRequest(m_port, "POST", "/instances",
                                      {{"Authorization", basicAuthValue(user(), password())},
                                       {"Content-Type", "application/dicom"}},
                                      content.str(), error);
    if (!response) {
        return false;
    }
    if (response->status != 200) {
        error =
            "POST /instances answered " + std::to_string(response->status) + ": " + response->body;
        return false;
    }
    return true;
}

}  // namespace cicatrix::test
