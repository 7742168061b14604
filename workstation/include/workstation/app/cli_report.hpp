// `cicatrix report`: writes a wound's evolution report (PDF) for the medical record. --patient is
// the patient's hospital (external) id and --wound the wound's label, as `import` uses them.
// Main thread only; one JSON document on stdout with --json; exit 1 with the reason when refused
// (unknown patient or wound, unwritable output).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cicatrix::workstation {

struct ReportCommand {
    std::filesystem::path library;
    std::string patient;  // external id
    std::string wound;    // label
    std::filesystem::path out;
    std::vector<std::int64_t> photos;  // empty: baseline, latest and up to 4 between
    std::string user;                  // printed in the footer (default: local-user)
    bool json = false;
};

int runReport(const ReportCommand& command);

}  // namespace cicatrix::workstation
