// `cicatrix enrol` (create or revoke a telemonitoring enrolment: token, QR code, handout PDF),
// `cicatrix import --token` (photos filed only when their token holds, else quarantined) and
// `cicatrix quarantine list|file|discard`. Main thread only; results on stdout (one JSON document
// with --json), messages on stderr.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cicatrix::workstation {

struct EnrolCommand {
    std::filesystem::path library;
    std::string patient;  // external id
    std::string wound;    // wound label
    int days = 30;
    std::filesystem::path out;    // handout PDF
    std::filesystem::path qrPng;  // optional bare QR code
    std::string revoke;           // a token to revoke instead
    std::string user;             // --as (default: the local user)
    bool json = false;
};
int runEnrol(const EnrolCommand& command);

struct TokenImportCommand {
    std::filesystem::path library;
    std::string token;
    std::optional<std::string> patient;  // what the sender claims besides the token
    std::optional<std::string> wound;
    std::optional<std::string> source;  // patient (default) | home_nurse
    std::vector<std::filesystem::path> paths;
};
// Exit 1 when any file was quarantined or rejected, 2 when the library cannot be opened.
int runTokenImport(const TokenImportCommand& command);

// Declares `enrol` and `quarantine` (with its subcommands) on the app; after parsing, runParsed()
// runs the one given, if any.
class EnrolmentCli {
  public:
    explicit EnrolmentCli(CLI::App& app);
    [[nodiscard]] std::optional<int> runParsed() const;

  private:
    EnrolCommand m_enrol;
    std::filesystem::path m_library;
    bool m_json = false;
    bool m_all = false;
    long long m_item = 0;
    std::string m_patient, m_wound, m_user;
    CLI::App* m_enrolCmd = nullptr;
    CLI::App* m_listCmd = nullptr;
    CLI::App* m_fileCmd = nullptr;
    CLI::App* m_discardCmd = nullptr;
};

}  // namespace cicatrix::workstation
