// Demo manifest: patient_id,patient_name,wound,file,captured_at,source ('#' lines are comments).
#include "workstation/app/demo_library.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "library/photo_importer.hpp"
#include "library/photo_repository.hpp"
#include "ml/calibration.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/analysis/wound_alerts.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

void analyseUnmeasured(Library& library, const fs::path& modelDir, DemoLibraryReport& report) {
    auto photos = library.withReader([](SQLite::Database& db) -> Result<std::vector<Photo>> {
        return PhotoRepository(db).listWithoutAnalysis();
    });
    if (!photos || photos->empty())
        return;
    auto model = ml::SegmentationModel::load(modelDir);
    if (!model) {
        report.analysisNote = model.error().message;
        return;
    }
    for (const Photo& photo : *photos) {
        auto analysis = analyseLibraryPhoto(library, photo, model->get(), ml::kDefaultMarkerMm);
        if (!analysis) {
            report.analysisNote = photo.originalName + ": " + analysis.error().message;
            return;
        }
        ++report.analysed;
    }
    // Store the measured wounds' alerts, so the triage inbox ranks the demo's home photos.
    std::set<std::int64_t> wounds;
    for (const Photo& photo : *photos) wounds.insert(photo.woundId);
    for (const std::int64_t wound : wounds) {
        if (auto stored = refreshWoundAlerts(library, wound, ml::AlertThresholds{}); !stored)
            report.analysisNote = stored.error().message;
    }
}

}  // namespace

Result<DemoLibraryReport> buildDemoLibrary(const fs::path& demoAssetsDir,
                                           const fs::path& libraryDir, const fs::path& modelDir) {
    std::ifstream manifest(demoAssetsDir / "manifest.csv");
    if (!manifest) {
        return fail(ErrorCode::NotFound,
                    fmt::format("{}: no demo manifest", (demoAssetsDir / "manifest.csv").string()));
    }
    auto library = Library::open(libraryDir);
    if (!library) {
        return std::unexpected(library.error());
    }
    PhotoImporter importer(**library);
    DemoLibraryReport report;
    std::string line;
    bool header = true;
    while (std::getline(manifest, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, ',');) {
            cells.push_back(cell);
        }
        if (cells.size() != 6) {
            return fail(ErrorCode::Corrupt,
                        fmt::format("demo manifest: malformed line '{}'", line));
        }
        ImportTarget target;
        target.patientExternalId = cells[0];
        target.patientDisplayName = cells[1];
        target.woundLabel = cells[2];
        target.capturedAtOverride = cells[4];
        target.source = photoSourceFromString(cells[5]).value_or(PhotoSource::Imported);
        target.actor = "demo-builder";
        const ImportReport r = importer.importFile(demoAssetsDir / cells[3], target);
        if (r.outcome == ImportOutcome::Rejected) {
            return fail(ErrorCode::Corrupt, fmt::format("demo photo {}: {}", cells[3], r.message));
        }
        (r.outcome == ImportOutcome::Imported ? report.imported : report.alreadyPresent)++;
    }
    analyseUnmeasured(**library, modelDir, report);
    return report;
}

}  // namespace cicatrix::workstation
