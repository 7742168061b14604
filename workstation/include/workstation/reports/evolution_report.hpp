// The evolution report of one wound for the medical record (multi-page A4 PDF, cairo): patient
// (name, hospital id) and wound (label, site, etiology), the selected photos with their wound
// outlines, the area and tissue trend chart, the measurements table with each analysis'
// calibration and model version, the alerts and the triage decisions with their notes; page
// numbers and the generation time on every page. Works for a wound with no analyses yet.
// Reads the library (withReader) and the photo store; worker thread (never the UI thread).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "library/library.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

struct EvolutionReportOptions {
    // Photos to show (ids of the wound's photos); empty: baseline, latest and up to 4 between.
    std::vector<std::int64_t> photoIds;
    std::string generatedBy;    // user, printed in the footer
    std::string generatedAtUtc; // "YYYY-MM-DDTHH:MM:SSZ"; empty: now
};

// Writes the PDF atomically (temp file + rename). NotFound for an unknown patient or a wound
// that is not theirs.
[[nodiscard]] Result<void> writeEvolutionReport(Library& library, std::int64_t patientId,
                                                std::int64_t woundId,
                                                const std::filesystem::path& pdf,
                                                const EvolutionReportOptions& options = {});

}  // namespace cicatrix::workstation
