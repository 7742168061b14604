// Test fixture: a real Orthanc (Debian's /usr/sbin/Orthanc) with the DICOMweb plugin on a free
// loopback port, with a throw-away storage dir and one Basic-auth user. Not thread-safe: use
// one instance from one thread (the child dies with the thread that started it).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace cicatrix::test {

class OrthancServer {
  public:
    // Starts Orthanc and waits until `GET /system` (with credentials) answers 200. Returns null
    // and sets `error` (with the tail of Orthanc's log) if it is not installed, cannot start,
    // or is not ready within 30 s.
    static std::unique_ptr<OrthancServer> start(std::string& error);

    ~OrthancServer();  // SIGKILLs Orthanc and removes the temp dir
    OrthancServer(const OrthancServer&) = delete;
    OrthancServer& operator=(const OrthancServer&) = delete;

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] std::string url() const;           // "http://127.0.0.1:PORT"
    [[nodiscard]] std::string dicomWebRoot() const;  // url() + "/dicom-web"
    [[nodiscard]] std::string user() const { return "cicatrix"; }
    [[nodiscard]] std::string password() const { return "test-password"; }
    [[nodiscard]] const std::filesystem::path& storageDir() const { return m_storageDir; }
    [[nodiscard]] bool running() const { return m_pid > 0; }
    // The last `maxBytes` of Orthanc's log file (and of its stderr, if any).
    [[nodiscard]] std::string logTail(std::size_t maxBytes = 4096) const;

    // SIGKILL + waitpid; the storage is kept for restart().
    void kill();
    // Starts Orthanc again on the same storage and port (kills it first if it is running).
    bool restart(std::string& error);

    // POSTs a DICOM file to Orthanc's REST `/instances` (Basic auth); true on HTTP 200.
    bool uploadDicomFile(const std::filesystem::path& dcm, std::string& error);

  private:
    OrthancServer() = default;
    bool writeConfig(std::string& error);
    bool launch(std::string& error);  // spawn + wait for readiness
    bool spawn(std::string& error);
    bool isReady();
    // Collects the child if it has exited; returns true and sets `exitStatus` then.
    bool reapIfExited(int& exitStatus);

    std::filesystem::path m_tempDir;
    std::filesystem::path m_storageDir;
    std::filesystem::path m_configPath;
    std::filesystem::path m_logPath;
    std::filesystem::path m_stderrPath;
    int m_port = 0;
    pid_t m_pid = -1;
};

}  // namespace cicatrix::test
