// The report's file name holds no patient name: the hospital id, the wound label and the time.
#include "workstation/gui/report_job.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "library/dates.hpp"
#include "workstation/reports/evolution_report.hpp"

namespace cicatrix::workstation {

namespace {
std::string safeName(std::string text) {
    std::ranges::replace_if(
        text, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '-'; }, '_');
    return text;
}
}  // namespace

void startEvolutionReport(Library& library, JobSystem& jobs, const AppState& state,
                          std::function<void(std::string, bool)> notify) {
    const PatientSummary* patient = state.selectedPatient();
    const WoundSummary* wound = state.selectedWound();
    if (patient == nullptr || wound == nullptr) {
        notify("Select a patient and a wound first", true);
        return;
    }
    EvolutionReportOptions options;
    options.generatedBy = state.annotate.user;
    if (state.compare.woundId == wound->wound.id) {
        for (std::size_t s = 0; s < state.compare.slots(); ++s) {
            if (state.compare.photos[s])
                options.photoIds.push_back(*state.compare.photos[s]);
        }
        std::ranges::sort(options.photoIds);
        options.photoIds.erase(std::ranges::unique(options.photoIds).begin(),
                               options.photoIds.end());
    }
    const std::string stamp = utcTimestamp();
    const std::filesystem::path pdf =
        state.libraryDir / "reports" /
        fmt::format("{}_{}_{}.pdf", safeName(patient->patient.externalId),
                    safeName(wound->wound.label), safeName(stamp));
    jobs.submit(
        "Evolution report",
        [&library, &jobs, notify, pdf, options, patientId = patient->patient.id,
         woundId = wound->wound.id](JobContext&) {
            std::error_code ec;
            std::filesystem::create_directories(pdf.parent_path(), ec);
            auto written = writeEvolutionReport(library, patientId, woundId, pdf, options);
            jobs.post([notify, pdf, written] {
                if (written)
                    notify("Evolution report written: " + pdf.string(), false);
                else
                    notify("Evolution report not written: " + written.error().message, true);
            });
        },
        JobKind::Background);
}

}  // namespace cicatrix::workstation
