// Benchmarks' child processes: run a command with stdout/stderr to files and report its wall
// time, CPU time and peak RSS (wait4), from a helper forked early so the numbers are the
// command's own. Single-threaded use; fork the helper before any thread exists.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cicatrix::bench {

// One command's wall time, and the CPU time and peak RSS of it and of everything it waited for
// (sh → its curls), from wait4.
struct ChildRun {
    int exitCode = -1;
    double seconds = 0, cpuSeconds = 0;
    long maxRssKb = 0;
};

inline double cpuSecondsOf(const rusage& ru) {
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

inline bool readAll(int fd, void* data, std::size_t size) {
    auto* p = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, p, size);
        if (n <= 0)
            return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

inline bool writeAll(int fd, const void* data, std::size_t size) {
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n <= 0)
            return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// fork + exec with stdout and stderr to files, then wait4.
inline ChildRun forkAndWait(const std::vector<std::string>& fields) {  // out, err, argv...
    std::vector<char*> argv;
    for (std::size_t i = 2; i < fields.size(); ++i)
        argv.push_back(const_cast<char*>(fields[i].c_str()));
    argv.push_back(nullptr);
    ChildRun run;
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(fields[0].c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(fields[1].c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0)
            ::_exit(127);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (pid < 0)
        return run;
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.cpuSeconds = cpuSecondsOf(ru);
    run.maxRssKb = ru.ru_maxrss;
    return run;
}

// Runs the curl baselines from a helper process forked at the top of main, while the bench is
// still small: Linux charges a forked child the resident pages of its parent (ru_maxrss survives
// exec), so a curl forked by the bench after seeding would report the bench's own RSS.
class Spawner {
  public:
    // Forks the helper; call before any thread exists.
    bool start() {
        int request[2], reply[2];
        if (::pipe(request) != 0 || ::pipe(reply) != 0)
            return false;
        m_pid = ::fork();
        if (m_pid == 0) {
            ::close(request[1]);
            ::close(reply[0]);
            serve(request[0], reply[1]);
        }
        ::close(request[0]);
        ::close(reply[1]);
        m_request = request[1];
        m_reply = reply[0];
        return m_pid > 0;
    }
    ~Spawner() {
        if (m_pid <= 0)
            return;
        ::close(m_request);
        ::close(m_reply);
        ::waitpid(m_pid, nullptr, 0);
    }

    ChildRun run(const std::vector<std::string>& args, const std::filesystem::path& out,
                 const std::filesystem::path& err) {
        std::string message = out.string() + '\0' + err.string();
        for (const std::string& a : args) message += '\0' + a;
        const auto size = static_cast<std::uint32_t>(message.size());
        ChildRun result;
        if (!writeAll(m_request, &size, sizeof size) ||
            !writeAll(m_request, message.data(), message.size()) ||
            !readAll(m_reply, &result, sizeof result))
            return {};
        return result;
    }

  private:
    [[noreturn]] static void serve(int in, int out) {
        std::uint32_t size = 0;
        while (readAll(in, &size, sizeof size)) {
            std::string message(size, '\0');
            if (!readAll(in, message.data(), size))
                break;
            std::vector<std::string> fields;
            std::size_t from = 0;
            for (std::size_t at; (at = message.find('\0', from)) != std::string::npos;
                 from = at + 1)
                fields.push_back(message.substr(from, at - from));
            fields.push_back(message.substr(from));
            const ChildRun result = fields.size() > 2 ? forkAndWait(fields) : ChildRun{};
            if (!writeAll(out, &result, sizeof result))
                break;
        }
        ::_exit(0);
    }

    pid_t m_pid = -1;
    int m_request = -1, m_reply = -1;
};

}  // namespace cicatrix::bench
