// Sync pull throughput: 500 photos from a real Orthanc into a fresh library with our engine
// (discover, retrieve, decode, validate, store, commit) versus the same WADO-RS URLs fetched by
// one `curl` process per instance and by one `curl --parallel`. Single-threaded main; seeding
// uses worker threads of its own (one HttpClient each). Asserts only that every photo arrived.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "child_process.hpp"
#include "library/library.hpp"
#include "library/sync_server_repository.hpp"
#include "support/orthanc_server.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/sync_engine.hpp"
#include "sync/wado.hpp"

namespace fs = std::filesystem;
namespace lib = cicatrix::library;
namespace cs = cicatrix::sync;
using Clock = std::chrono::steady_clock;
using cicatrix::bench::ChildRun;
using cicatrix::bench::cpuSecondsOf;
using cicatrix::bench::Spawner;

namespace {

constexpr const char* kSecretVariable = "CICATRIX_BENCH_ORTHANC_SECRET";
constexpr const char* kAccept = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

struct Settings {
    int photos = 500;
    int patients = 10;
    cs::SyncOptions options;  // defaults unless --parallel / --batch
    bool oursOnly = false;    // --ours-only: no curl baselines (for profiling runs)
};

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double mb(std::uint64_t bytes) {
    return static_cast<double>(bytes) / 1e6;
}

// Peak (VmHWM) and current (VmRSS) resident set of this process, in kB.
std::map<std::string, long> procStatusKb() {
    std::ifstream in("/proc/self/status");
    std::map<std::string, long> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("VmHWM:") || line.starts_with("VmRSS:"))
            out[line.substr(0, 5)] = std::atol(line.c_str() + 6);
    }
    return out;
}

// Resets VmHWM to the current RSS (Linux ≥ 4.0); false where the kernel refuses.
bool resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

long maxRssKb(int who) {
    rusage ru{};
    ::getrusage(who, &ru);
    return ru.ru_maxrss;
}

std::string filesystemOf(const fs::path& dir) {
    struct statfs s {};
    if (::statfs(dir.c_str(), &s) != 0)
        return "?";
    switch (static_cast<unsigned long>(s.f_type)) {
        case 0xEF53:
            return "ext4";
        case 0x01021994:
            return "tmpfs";
        case 0x58465342:
            return "xfs";
        case 0x9123683E:
            return "btrfs";
        case 0x794C7630:
            return "overlayfs";
        default:
            return fmt::format("fs 0x{:x}", static_cast<unsigned long>(s.f_type));
    }
}

// curl's `-w '%{http_code} %{size_download}\n'` lines: transfers answered 200, and their bytes.
std::pair<int, std::uint64_t> countTransfers(const fs::path& file) {
    std::ifstream in(file);
    int ok = 0;
    std::uint64_t bytes = 0;
    long code = 0;
    std::uint64_t size = 0;
    while (in >> code >> size) {
        if (code == 200) {
            ++ok;
            bytes += size;
        }
    }
    return {ok, bytes};
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The seeded layout: patient P01..P10, two studies (visits) each, two series (wounds) per study.
struct Layout {
    std::vector<cs::seed::SeedPhoto> photos;
    std::vector<cs::InstanceRef> refs;
};

Layout planPhotos(const Settings& settings) {
    Layout layout;
    std::map<std::tuple<int, int, int>, std::pair<std::string, std::string>> uids;
    for (int i = 0; i < settings.photos; ++i) {
        const int patient = i % settings.patients;
        const int k = i / settings.patients;
        const int study = k % 2;
        const int wound = (k / 2) % 2;
        auto& [studyUid, seriesUid] = uids[{patient, study, wound}];
        if (studyUid.empty()) {
            const auto existing = uids.find({patient, study, 1 - wound});
            studyUid = existing != uids.end() && !existing->second.first.empty()
                           ? existing->second.first
                           : cs::generateUid();
            seriesUid = cs::generateUid();
        }
        cs::seed::SeedPhoto photo;
        photo.patient = fmt::format("P{:02}", patient + 1);
        photo.patientName = fmt::format("Bench^Patient{:02}", patient + 1);
        photo.studyUid = studyUid;
        photo.seriesUid = seriesUid;
        photo.sopUid = cs::generateUid();
        photo.wound = wound == 0 ? "Left heel" : "Sacrum";
        photo.captureIso = fmt::format("2026-0{}-1{}T10:{:02}:{:02}", 3 + study, patient % 10,
                                       (k / 60) % 60, k % 60);
        layout.refs.push_back({photo.studyUid, photo.seriesUid, photo.sopUid});
        layout.photos.push_back(std::move(photo));
    }
    return layout;
}

// Stores every photo with STOW-RS from `threads` workers; the number stored.
int seed(const cicatrix::test::OrthancServer& server, Layout& layout, int threads,
         std::string& firstError) {
    std::atomic<int> next{0}, stored{0};
    std::mutex errorMutex;
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            cs::HttpClient client(cs::seed::orthancOptions(server));
            for (int i = next++; i < static_cast<int>(layout.photos.size()); i = next++) {
                cs::seed::SeedPhoto photo = layout.photos[static_cast<std::size_t>(i)];
                photo.jpeg = cs::seed::distinctJpeg(i);
                if (auto r = cs::seed::storeEncodedPhoto(client, server, std::move(photo))) {
                    ++stored;
                } else {
                    std::scoped_lock lock(errorMutex);
                    if (firstError.empty())
                        firstError = r.error().message;
                }
            }
        });
    }
    workers.clear();
    return stored.load();
}

struct PhaseTimes {
    std::map<cs::SyncProgress::Phase, double> first, last;
    std::vector<std::pair<double, std::size_t>> pulling;  // (t, items done) per batch
    long maxRssSampleKb = 0;
};

const char* phaseName(cs::SyncProgress::Phase p) {
    using P = cs::SyncProgress::Phase;
    switch (p) {
        case P::Connecting:
            return "connect";
        case P::Discovering:
            return "discover";
        case P::Pulling:
            return "pull";
        case P::Reconciling:
            return "reconcile";
        case P::Pushing:
            return "push";
        case P::Done:
            return "done";
    }
    return "?";
}

bool parseArgs(int argc, char** argv, Settings& s) {
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--ours-only") {
            s.oursOnly = true;
            continue;
        }
        if (i + 1 == argc)
            return false;
        const int value = std::atoi(argv[++i]);
        if (flag == "--parallel")
            s.options.parallel = value;
        else if (flag == "--batch")
            s.options.batchSize = value;
        else if (flag == "--photos")
            s.photos = value;
        else
            return false;
    }
    return s.photos > 0 && s.options.parallel > 0 && s.options.batchSize > 0;
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    if (!parseArgs(argc, argv, settings)) {
        std::cerr
            << "usage: sync_pull_bench [--photos N] [--parallel N] [--batch N] [--ours-only]\n";
        return 2;
    }
    Spawner spawner;  // first, while this process is small and has no threads
    if (!settings.oursOnly && !spawner.start()) {
        std::cerr << "sync_pull_bench: cannot fork the helper that runs curl\n";
        return 1;
    }
    std::string error;
    auto server = cicatrix::test::OrthancServer::start(error);
    if (!server) {
        std::cerr << "sync_pull_bench: cannot start Orthanc: " << error << "\n";
        return 1;
    }
    const fs::path work = fs::temp_directory_path() /
                          fmt::format("cicatrix-sync-bench-{}", static_cast<long>(::getpid()));
    fs::create_directories(work);
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{work};

    // Seeding (not measured).
    Layout layout = planPhotos(settings);
    const auto seedStart = Clock::now();
    const int seeded = seed(*server, layout, 3, error);
    if (seeded != settings.photos) {
        std::cerr << fmt::format("sync_pull_bench: seeded {} of {} photos: {}\n", seeded,
                                 settings.photos, error);
        return 1;
    }
    std::cout << fmt::format(
        "sync pull bench: {} photos ({} patients, {} studies) seeded into Orthanc in {:.1f} s "
        "(not measured); library on {}\n",
        seeded, settings.patients, settings.patients * 2, secondsSince(seedStart),
        filesystemOf(work));

    // (a) Ours: a fresh library, one configured server, the full end-to-end sync.
    auto library = lib::Library::open(work / "library");
    if (!library) {
        std::cerr << "sync_pull_bench: " << library.error().message << "\n";
        return 1;
    }
    ::setenv(kSecretVariable, server->password().c_str(), 1);
    auto added = (*library)->withDatabase([&](SQLite::Database& db) {
        lib::SyncServer s;
        s.name = "orthanc";
        s.url = server->dicomWebRoot();
        s.authKind = "basic";
        s.username = server->user();
        s.credentialSource = std::string("env:") + kSecretVariable;
        return lib::SyncServerRepository(db).add(s);
    });
    if (!added) {
        std::cerr << "sync_pull_bench: " << added.error().message << "\n";
        return 1;
    }
    const long rssBeforeKb = procStatusKb()["VmRSS"];
    const long maxRssBeforeKb = maxRssKb(RUSAGE_SELF);
    const bool peakReset = resetPeakRss();
    PhaseTimes phases;
    rusage usageBefore{};
    ::getrusage(RUSAGE_SELF, &usageBefore);
    const auto oursStart = Clock::now();
    auto report = cs::syncWithServer(
        **library, "orthanc", settings.options, {}, [&](const cs::SyncProgress& p) {
            const double t = secondsSince(oursStart);
            phases.first.try_emplace(p.phase, t);
            phases.last[p.phase] = t;
            if (p.phase == cs::SyncProgress::Phase::Pulling)
                phases.pulling.emplace_back(t, p.itemsDone);
            phases.maxRssSampleKb = std::max(phases.maxRssSampleKb, procStatusKb()["VmRSS"]);
        });
    const double ours = secondsSince(oursStart);
    rusage usageAfter{};
    ::getrusage(RUSAGE_SELF, &usageAfter);
    const double oursCpu = cpuSecondsOf(usageAfter) - cpuSecondsOf(usageBefore);
    const long peakKb = peakReset ? procStatusKb()["VmHWM"] : phases.maxRssSampleKb;
    const long maxRssAfterKb = maxRssKb(RUSAGE_SELF);
    if (!report) {
        std::cerr << "sync_pull_bench: sync failed: " << report.error().message << "\n";
        return 1;
    }
    if (report->pulled != static_cast<std::size_t>(settings.photos)) {
        std::cerr << fmt::format("sync_pull_bench: pulled {} of {} photos; first error: {}\n",
                                 report->pulled, settings.photos,
                                 report->errors.empty() ? "none" : report->errors.front());
        return 1;
    }

    // Results of ours.
    std::cout << fmt::format("pull of {} photos (parallel {}, batch {}):\n", settings.photos,
                             settings.options.parallel, settings.options.batchSize);
    auto line = [&](const char* what, double seconds, std::uint64_t bytes, int count) {
        std::cout << fmt::format(
            "  {:<34} {:6.2f} s  {:7.1f} photos/s  {:6.2f} MB/s  ({} photos, {:.1f} MB)\n", what,
            seconds, count / seconds, mb(bytes) / seconds, count, mb(bytes));
    };
    line("ours (syncWithServer, end to end)", ours, report->bytesReceived,
         static_cast<int>(report->pulled));
    std::string breakdown;
    double previous = 0;
    for (const auto& [phase, start] : phases.first) {
        (void)start;
        const double end = phases.last[phase];
        breakdown += fmt::format(" {} {:.2f} s", phaseName(phase), end - previous);
        previous = end;
    }
    std::cout << fmt::format(
        "  ours by phase (until each phase's last progress report):{}; {} pull batches; CPU "
        "{:.2f} s (all threads) in {:.2f} s wall\n",
        breakdown, phases.pulling.empty() ? 0 : phases.pulling.size() - 1, oursCpu, ours);
    std::cout << fmt::format(
        "  peak RSS of ours during the pull: {:.1f} MB ({}; {:.1f} MB held before it; "
        "ru_maxrss {:.1f} → {:.1f} MB, seeding included)\n",
        peakKb / 1024.0, peakReset ? "VmHWM reset before the pull" : "sampled VmRSS",
        rssBeforeKb / 1024.0, maxRssBeforeKb / 1024.0, maxRssAfterKb / 1024.0);
    if (settings.oursOnly)
        return 0;

    // The same URLs for both curl baselines.
    std::vector<std::string> urls;
    for (const cs::InstanceRef& ref : layout.refs) {
        auto request = cs::instanceRequest(server->dicomWebRoot(), ref);
        if (!request) {
            std::cerr << "sync_pull_bench: " << request.error().message << "\n";
            return 1;
        }
        urls.push_back(request->url);
    }
    const std::string credentials = server->user() + ":" + server->password();
    const std::string accept = std::string("Accept: ") + kAccept;
    const std::string writeOut = "%{http_code} %{size_download}\n";

    // (b) One curl process per instance, one after the other (one sh running them all).
    const fs::path script = work / "per_instance.sh";
    {
        std::ofstream out(script);
        for (const std::string& url : urls) {
            out << "curl -sS -u " << shellQuote(credentials) << " -H " << shellQuote(accept)
                << " -o /dev/null -w " << shellQuote(writeOut) << " " << shellQuote(url) << "\n";
        }
    }
    const ChildRun perInstance = spawner.run({"/bin/sh", script.string()},
                                             work / "per_instance.out", work / "per_instance.err");
    const auto [perInstanceOk, perInstanceBytes] = countTransfers(work / "per_instance.out");

    // (c) One curl --parallel over the same URL list (a config file of url/output pairs).
    const fs::path config = work / "urls.cfg";
    {
        std::ofstream out(config);
        for (const std::string& url : urls)
            out << "url = \"" << url << "\"\noutput = \"/dev/null\"\n";
    }
    const ChildRun parallel =
        spawner.run({"/usr/bin/curl", "--parallel", "--parallel-max", "8", "-sS", "-u", credentials,
                     "-H", accept, "-w", writeOut, "-K", config.string()},
                    work / "parallel.out", work / "parallel.err");
    const auto [parallelOk, parallelBytes] = countTransfers(work / "parallel.out");

    line("curl, one process per instance", perInstance.seconds, perInstanceBytes, perInstanceOk);
    line("curl --parallel --parallel-max 8", parallel.seconds, parallelBytes, parallelOk);
    std::cout << fmt::format(
        "  ours vs curl-per-instance: {:.2f}× throughput; ours vs curl --parallel: {:.2f}× "
        "(ours does more: parses each DICOM object, decodes and validates every photo, hashes "
        "and stores it with fsync, commits the library in transactions; curl writes to "
        "/dev/null)\n",
        perInstance.seconds / ours, parallel.seconds / ours);
    std::cout << fmt::format(
        "  curl children (wait4): per instance peak RSS {:.1f} MB, CPU {:.2f} s; --parallel "
        "peak RSS {:.1f} MB, CPU {:.2f} s\n",
        perInstance.maxRssKb / 1024.0, perInstance.cpuSeconds, parallel.maxRssKb / 1024.0,
        parallel.cpuSeconds);

    if (perInstance.exitCode != 0 || perInstanceOk != settings.photos || parallel.exitCode != 0 ||
        parallelOk != settings.photos) {
        std::cerr << fmt::format(
            "sync_pull_bench: curl baselines incomplete: per instance exit {} ({} answered 200), "
            "--parallel exit {} ({} answered 200)\n",
            perInstance.exitCode, perInstanceOk, parallel.exitCode, parallelOk);
        for (const char* name : {"per_instance.err", "parallel.err"}) {
            std::ifstream in(work / name);
            std::string text(2000, '\0');
            in.read(text.data(), static_cast<std::streamsize>(text.size()));
            text.resize(static_cast<std::size_t>(in.gcount()));
            std::cerr << name << ": " << text << "\n";
        }
        return 1;
    }
    return 0;
}
