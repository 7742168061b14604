// `cicatrix triage` (the ranked inbox of photos from home, after refreshing the stored alerts of
// their wounds), `triage decide` (record a decision on an inbox item) and `triage history` (a
// wound's decisions). "Now" is the clock or CICATRIX_NOW. Main thread only; results on stdout
// (one JSON document with --json), messages on stderr; exit 1 with the rule when refused.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace cicatrix::workstation {

int runTriageInbox(const std::filesystem::path& library, bool json);

struct TriageDecideCommand {
    std::filesystem::path library;
    std::int64_t photo = 0;
    std::string decision;  // no_action | advice | treatment_adjusted | consultation
    std::string note;
    std::string user;
    bool json = false;
};
int runTriageDecide(const TriageDecideCommand& command);

int runTriageHistory(const std::filesystem::path& library, const std::string& patient,
                     const std::string& wound, bool json);

// Declares `triage` and its subcommands on the app; after parsing, runParsed() runs the one
// given, if any.
class TriageCli {
  public:
    explicit TriageCli(CLI::App& app);
    [[nodiscard]] std::optional<int> runParsed() const;

  private:
    std::filesystem::path m_library;
    bool m_json = false;
    TriageDecideCommand m_decide;
    std::filesystem::path m_historyLibrary;
    std::string m_patient, m_wound;
    bool m_historyJson = false;
    CLI::App* m_triageCmd = nullptr;
    CLI::App* m_decideCmd = nullptr;
    CLI::App* m_historyCmd = nullptr;
};

}  // namespace cicatrix::workstation
