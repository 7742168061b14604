// The evolution report from the command line: resolves the patient (external id) and the wound
// (label), then writeEvolutionReport. Main thread only.
#include "workstation/app/cli_report.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/library.hpp"
#include "library/patient_repository.hpp"
#include "library/wound_repository.hpp"
#include "workstation/app/cli_refusal.hpp"
#include "workstation/error.hpp"
#include "workstation/reports/evolution_report.hpp"

namespace cicatrix::workstation {

int runReport(const ReportCommand& c) {
    constexpr std::string_view verb = "report";
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto ids =
        (*library)->withReader([&](SQLite::Database& db) -> Result<std::pair<Patient, Wound>> {
            auto patient = PatientRepository(db).findByExternalId(c.patient);
            if (!patient)
                return fail(ErrorCode::NotFound,
                            "no patient with id " + c.patient + " in this library");
            auto wound = WoundRepository(db).find(patient->id, c.wound);
            if (!wound)
                return fail(ErrorCode::NotFound,
                            "patient " + c.patient + " has no wound labelled " + c.wound);
            return std::pair{std::move(*patient), std::move(*wound)};
        });
    if (!ids)
        return refuse(verb, ids.error().message);
    EvolutionReportOptions options;
    options.photoIds = c.photos;
    options.generatedBy = c.user;
    auto written = writeEvolutionReport(**library, ids->first.id, ids->second.id, c.out, options);
    if (!written)
        return refuse(verb, written.error().message);
    if (c.json) {
        nlohmann::json j{{"pdf", std::filesystem::absolute(c.out).string()},
                         {"patient", c.patient},
                         {"wound", c.wound}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << fmt::format("wrote {} (patient {}, wound {})\n", c.out.string(), c.patient,
                                 c.wound);
    }
    return 0;
}

}  // namespace cicatrix::workstation
