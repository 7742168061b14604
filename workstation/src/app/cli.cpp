// CLI11 definition of the subcommands and their handlers.
#include "workstation/app/cli.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include <opencv2/imgcodecs.hpp>

#include "library/photo_importer.hpp"
#include "ml/calibration_sticker.hpp"
#include "workstation/app/cli_analysis.hpp"
#include "workstation/app/cli_effort.hpp"
#include "workstation/app/cli_enrol.hpp"
#include "workstation/app/cli_labels.hpp"
#include "workstation/app/cli_model.hpp"
#include "workstation/app/cli_report.hpp"
#include "workstation/app/cli_server.hpp"
#include "workstation/app/cli_sync.hpp"
#include "workstation/app/cli_triage.hpp"
#include "workstation/app/demo_library.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/workstation_app.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

int runImport(const fs::path& libraryDir, ImportTarget target, const std::vector<fs::path>& paths) {
    auto library = Library::open(libraryDir);
    if (!library) {
        std::cerr << "cicatrix import: " << library.error().message << "\n";
        return 2;
    }
    PhotoImporter importer(**library);
    const auto reports = importer.importPaths(paths, target);
    int imported = 0, present = 0, rejected = 0;
    for (const ImportReport& r : reports) {
        switch (r.outcome) {
            case ImportOutcome::Imported:
                ++imported;
                std::cout << fmt::format(
                    "imported  {} -> photo {} (captured {}, time from {}, {}x{})\n",
                    r.file.string(), r.photo->id, r.photo->capturedAt,
                    toString(r.photo->captureTimeSource), r.photo->width, r.photo->height);
                break;
            case ImportOutcome::AlreadyPresent:
                ++present;
                std::cout << fmt::format("unchanged {}: {}\n", r.file.string(), r.message);
                break;
            case ImportOutcome::Rejected:
                ++rejected;
                std::cout << fmt::format("rejected  {}: {}\n", r.file.string(), r.message);
                break;
        }
    }
    std::cout << fmt::format("{} imported, {} already present, {} rejected\n", imported, present,
                             rejected);
    if (reports.empty()) {
        std::cerr << "cicatrix import: no JPEG or PNG file found in the given paths\n";
        return 1;
    }
    return rejected > 0 ? 1 : 0;
}

Result<fs::path> ensureDemo(const fs::path& libraryDir) {
    const auto assets = assetsDir();
    if (!assets) {
        return fail(ErrorCode::NotFound, "cannot find the assets folder (set CICATRIX_ASSETS)");
    }
    auto report = buildDemoLibrary(*assets / "demo", libraryDir, defaultModelDir());
    if (!report) {
        return std::unexpected(report.error());
    }
    if (report->imported > 0) {
        std::cerr << fmt::format("demo library: {} photos imported into {}\n", report->imported,
                                 libraryDir.string());
    }
    if (report->analysed > 0) {
        std::cerr << fmt::format("demo library: {} photos analysed\n", report->analysed);
    }
    if (!report->analysisNote.empty()) {
        std::cerr << "demo library: photos not analysed: " << report->analysisNote << "\n";
    }
    return libraryDir;
}

}  // namespace

int runCli(int argc, char** argv) {
    CLI::App app{"Cicatrix — wound imaging workstation"};
    app.require_subcommand(0, 1);

    GuiOptions gui;
    bool demo = false;
    std::string library;
    auto* guiCmd = app.add_subcommand("gui", "Open the workstation (the default command)");
    for (CLI::App* target : {static_cast<CLI::App*>(&app), guiCmd}) {
        target->add_option("--library", library, "Library folder (default: the XDG data folder)");
        target->add_flag("--demo", demo,
                         "Open the demo library (built from assets/demo on first use)");
    }
    guiCmd->add_option("--open-wound", gui.openWoundId,
                       "Wound id to open (default: first patient's first wound)");
    guiCmd->add_option("--screenshot", gui.screenshotPath,
                       "Render, write the last frame as PNG, and exit");
    guiCmd->add_option("--frames", gui.frames, "Frames to render in screenshot mode")
        ->check(CLI::PositiveNumber);
    guiCmd->add_option("--layout-json", gui.layoutJsonPath,
                       "Screenshot mode: also write what was drawn where");
    guiCmd->add_option(
        "--state-json", gui.stateJsonPath,
        "Keep the selection and view settings in this JSON file (updated as they change)");
    guiCmd->add_flag("--actual-pixels", gui.actualPixels,
                     "Open the first photo at 1:1 instead of fit");
    guiCmd->add_option("--size", gui.screenshotSize, "Screenshot mode: window size WxH")
        ->default_val("1600x1000");
    guiCmd->add_flag("--sync-now", gui.syncNow, "Sync with every configured server on start");
    guiCmd->add_option("--as", gui.annotator,
                       "Your name, recorded on every label action (asked in Annotate otherwise)");
    guiCmd
        ->add_option("--workspace", gui.workspace,
                     "Workspace to open: browse, annotate, compare or triage")
        ->check(CLI::IsMember({"browse", "annotate", "compare", "triage"}, CLI::ignore_case));

    ImportTarget target;
    std::string source = "imported";
    std::vector<fs::path> paths;
    auto* importCmd =
        app.add_subcommand("import", "Import JPEG/PNG files or folders into a patient's wound");
    importCmd->add_option("--library", library, "Library folder (created when missing)")
        ->required();
    importCmd->add_option(
        "--patient", target.patientExternalId,
        "Patient id (created when missing; with --token, what the sender claims)");
    importCmd->add_option("--patient-name", target.patientDisplayName,
                          "Display name for a new patient");
    importCmd->add_option(
        "--wound", target.woundLabel,
        "Wound id within the patient (created when missing; with --token, claimed)");
    importCmd->add_option("--site", target.woundDetails.anatomicalSite,
                          "Anatomical site for a new wound");
    importCmd->add_option("--laterality", target.woundDetails.laterality, "For a new wound")
        ->check(CLI::IsMember(
            std::vector<std::string>(woundLateralities().begin(), woundLateralities().end())));
    importCmd->add_option("--etiology", target.woundDetails.etiology, "For a new wound")
        ->check(CLI::IsMember(
            std::vector<std::string>(woundEtiologies().begin(), woundEtiologies().end())));
    importCmd->add_option("--source", source, "clinic | home_nurse | patient | imported")
        ->check(CLI::IsMember(
            std::vector<std::string>(photoSourceNames().begin(), photoSourceNames().end())));
    importCmd
        ->add_option("--captured-at", target.capturedAtOverride,
                     "Capture time YYYY-MM-DDTHH:MM:SS (else EXIF / file time)")
        ->check(CLI::Validator(
            [](std::string& value) { return isoDateTimeProblem(value).value_or(std::string()); },
            "YYYY-MM-DDTHH:MM:SS"));
    importCmd->add_option("paths", paths, "Files or folders")->required();
    std::string importToken;  // enrolment token: patient and wound come from it (cli_enrol)
    importCmd->add_option("--token", importToken,
                          "Enrolment token: filed only if it holds, else quarantined");
    EnrolmentCli enrolmentCli(app);  // `enrol` and `quarantine`

    AnalyzeCommand analyze;
    auto* analyzeCmd =
        app.add_subcommand("analyze", "Measure the wound in a photo file (no library needed)");
    analyzeCmd->add_option("photo", analyze.photo, "JPEG or PNG photo")->required();
    analyzeCmd->add_option("--model", analyze.modelDir,
                           "Model folder (model.pt + model_card.json; default: the shipped model)");
    analyzeCmd
        ->add_option("--marker-mm", analyze.markerMm,
                     "Printed side of the ArUco calibration marker in mm")
        ->default_val(ml::kDefaultMarkerMm)
        ->check(CLI::PositiveNumber);
    analyzeCmd->add_option(
        "--mask", analyze.mask,
        "Measure this mask (0/255 PNG at the photo's size) instead of running the model");
    analyzeCmd->add_flag("--json", analyze.json, "Print JSON");

    EvalCommand eval;
    auto* evalCmd = app.add_subcommand(
        "eval",
        "Dice/IoU of the model over expert masks (folders paired by stem) or approved labels");
    evalCmd->add_option("--images", eval.images, "Folder of photos");
    evalCmd->add_option("--masks", eval.masks, "Folder of 0/255 PNG masks");
    evalCmd->add_option("--library", eval.library,
                        "Score against the library's approved labels instead");
    evalCmd->add_option("--model", eval.modelDir,
                        "Model folder (default: the library's active model, else the shipped one)");
    evalCmd->add_option("--save-predictions", eval.savePredictions,
                        "Also write the predicted masks (0/255 PNG) here");
    evalCmd->add_flag("--json", eval.json, "Print JSON");

    ml::StickerSpec sticker;
    std::string stickerOut;
    auto* stickerCmd = app.add_subcommand("calibration-sticker",
                                          "Write the printable ArUco calibration sticker (PNG)");
    stickerCmd->add_option("--out", stickerOut, "PNG file to write")->required();
    stickerCmd->add_option("--id", sticker.markerId, "Marker id (0-49)")->check(CLI::Range(0, 49));
    stickerCmd->add_option("--mm", sticker.markerMm, "Printed side of the black square in mm")
        ->check(CLI::PositiveNumber);
    stickerCmd->add_option("--dpi", sticker.dpi, "Print resolution")->check(CLI::Range(150, 2400));

    auto* demoCmd =
        app.add_subcommand("demo", "Build (or complete) the demo library and print its folder");
    demoCmd->add_option("--library", library, "Where to build it (default: the XDG data folder)");

    ServerAddCommand serverAdd;
    bool serverJson = false;
    auto* serverCmd =
        app.add_subcommand("server", "Configure the DICOMweb servers the library syncs with");
    serverCmd->require_subcommand(1);
    auto* serverAddCmd =
        serverCmd->add_subcommand("add", "Add a server (the library is created when missing)");
    serverAddCmd->add_option("--library", serverAdd.library, "Library folder")->required();
    serverAddCmd->add_option("--name", serverAdd.server.name, "A short name for the server")
        ->required();
    serverAddCmd
        ->add_option("--url", serverAdd.server.url, "DICOMweb root, e.g. https://pacs/dicom-web")
        ->required();
    serverAddCmd->add_option("--user", serverAdd.server.user, "User name (HTTP Basic)");
    serverAddCmd->add_option("--password-file", serverAdd.server.passwordFile,
                             "File holding the password, readable by its owner only");
    serverAddCmd->add_option("--password-env", serverAdd.server.passwordEnv,
                             "Environment variable holding the password");
    serverAddCmd->add_option("--token-file", serverAdd.server.tokenFile,
                             "File holding a Bearer token (owner only)");
    serverAddCmd
        ->add_option("--patients", serverAdd.server.patients,
                     "PatientIDs to sync (comma-separated)")
        ->delimiter(',');
    serverAddCmd->add_flag("--all", serverAdd.server.all,
                           "Sync every patient folder (the default)");
    auto* serverListCmd = serverCmd->add_subcommand("list", "List the configured servers");
    serverListCmd->add_option("--library", library, "Library folder")->required();
    serverListCmd->add_flag("--json", serverJson, "Print one JSON document");
    std::string serverRemoveName;
    auto* serverRemoveCmd = serverCmd->add_subcommand(
        "remove", "Remove a server and its sync state (the photos stay in the library)");
    serverRemoveCmd->add_option("--library", library, "Library folder")->required();
    serverRemoveCmd->add_option("--name", serverRemoveName, "The server's name")->required();

    auto* labelsCmd = app.add_subcommand("labels", "Label versions and their review");
    labelsCmd->require_subcommand(1);
    LabelsImportCommand labelsImport;
    auto* labelsImportCmd = labelsCmd->add_subcommand(
        "import", "A mask at the photo's size becomes a submitted label version");
    labelsImportCmd->add_option("--library", labelsImport.library, "Library folder")->required();
    labelsImportCmd->add_option("--photo", labelsImport.photo, "Photo id (as import prints it)")
        ->required();
    labelsImportCmd
        ->add_option("--mask", labelsImport.mask, "PNG: 0/255 (255 = wound) or class ids")
        ->required();
    labelsImportCmd->add_option("--as", labelsImport.user, "The annotator")->required();
    LabelsReviewCommand labelsReview;
    auto* labelsReviewCmd = labelsCmd->add_subcommand(
        "review", "Approve the photo's submitted label, or send it back with a comment");
    labelsReviewCmd->add_option("--library", labelsReview.library, "Library folder")->required();
    labelsReviewCmd->add_option("--photo", labelsReview.photo, "Photo id")->required();
    labelsReviewCmd->add_flag("--approve", labelsReview.approve, "Approve it");
    labelsReviewCmd->add_flag("--reject", labelsReview.reject, "Send it back (needs --comment)");
    labelsReviewCmd->add_option("--comment", labelsReview.comment, "Why it is sent back");
    labelsReviewCmd->add_option("--as", labelsReview.user, "The reviewer (not the annotator)")
        ->required();
    std::string labelsStatus;
    bool labelsJson = false;
    auto* labelsListCmd = labelsCmd->add_subcommand("list", "Every label version");
    labelsListCmd->add_option("--library", library, "Library folder")->required();
    labelsListCmd->add_option("--status", labelsStatus,
                              "ai_draft, in_progress, submitted, approved or sent_back");
    labelsListCmd->add_flag("--json", labelsJson, "Print one JSON document");
    auto* labelsEffortCmd = labelsCmd->add_subcommand(
        "effort", "Dice of AI drafts vs approved labels per model; agreement between annotators");
    labelsEffortCmd->add_option("--library", library, "Library folder")->required();
    labelsEffortCmd->add_flag("--json", labelsJson, "Print one JSON document");

    auto* modelCmd = app.add_subcommand("model", "The segmentation model the library uses");
    modelCmd->require_subcommand(1);
    ModelActivateCommand modelActivate;
    auto* modelActivateCmd = modelCmd->add_subcommand(
        "activate", "Use this model folder for the library's analyses (it must load)");
    modelActivateCmd->add_option("--library", modelActivate.library, "Library folder")->required();
    modelActivateCmd->add_option("--model", modelActivate.model, "model.pt + model_card.json")
        ->required();
    modelActivateCmd->add_option("--as", modelActivate.user, "Who switches")->required();
    bool modelJson = false;
    auto* modelShowCmd =
        modelCmd->add_subcommand("show", "The active model and the one analyses use now");
    modelShowCmd->add_option("--library", library, "Library folder")->required();
    modelShowCmd->add_flag("--json", modelJson, "Print one JSON document");

    ExportCommand exportCommand;
    auto* exportCmd =
        app.add_subcommand("export", "Write the approved labels as a training dataset");
    exportCmd->add_option("--library", exportCommand.library, "Library folder")->required();
    exportCmd->add_option("--format", exportCommand.format, "nnunet (default), coco or png");
    exportCmd->add_option("--classes", exportCommand.classes,
                          "wound (default: 0 background, 1 wound) or tissue");
    exportCmd->add_option("--out", exportCommand.out, "A new or empty folder")->required();

    SyncCommand syncCommand;
    auto* syncCmd = app.add_subcommand(
        "sync", "Pull then push with a configured server (exit 0 only when both completed)");
    syncCmd->add_option("--library", syncCommand.library, "Library folder")->required();
    syncCmd->add_option("--server", syncCommand.server, "The server's name")->required();
    syncCmd->add_flag("--full", syncCommand.full,
                      "Enumerate the whole scope and mark deletions, even with a change feed");
    syncCmd->add_flag("--json", syncCommand.json, "Print one JSON document");

    ReportCommand reportCommand;
    auto* reportCmd =
        app.add_subcommand("report", "Write a wound's evolution report (PDF) for the record");
    reportCmd->add_option("--library", reportCommand.library, "Library folder")->required();
    reportCmd->add_option("--patient", reportCommand.patient, "Patient id (as import uses it)")
        ->required();
    reportCmd->add_option("--wound", reportCommand.wound, "Wound id within the patient")
        ->required();
    reportCmd->add_option("--out", reportCommand.out, "PDF file to write")->required();
    reportCmd
        ->add_option("--photos", reportCommand.photos,
                     "Photo ids to show (default: baseline, latest, up to 4 between)")
        ->delimiter(',');
    reportCmd->add_option("--as", reportCommand.user, "Who generates it (printed on each page)");
    reportCmd->add_flag("--json", reportCommand.json, "Print one JSON document");

    TriageCli triageCli(app);  // `triage`, `triage decide`, `triage history`

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    if (stickerCmd->parsed()) {
        if (!cv::imwrite(stickerOut, ml::renderCalibrationSticker(sticker))) {
            std::cerr << "cicatrix calibration-sticker: cannot write " << stickerOut << "\n";
            return 1;
        }
        std::cout << fmt::format("{}: ArUco 4x4_50 id {}, {:.1f} mm, print at {} dpi (100 %)\n",
                                 stickerOut, sticker.markerId, sticker.markerMm, sticker.dpi);
        return 0;
    }
    if (serverAddCmd->parsed()) {
        return runServerAdd(serverAdd);
    }
    if (serverListCmd->parsed()) {
        return runServerList(library, serverJson);
    }
    if (serverRemoveCmd->parsed()) {
        return runServerRemove(library, serverRemoveName);
    }
    if (labelsImportCmd->parsed()) {
        return runLabelsImport(labelsImport);
    }
    if (labelsReviewCmd->parsed()) {
        return runLabelsReview(labelsReview);
    }
    if (labelsListCmd->parsed()) {
        return runLabelsList(library, labelsStatus, labelsJson);
    }
    if (labelsEffortCmd->parsed()) {
        return runLabelsEffort(library, labelsJson);
    }
    if (modelActivateCmd->parsed()) {
        return runModelActivate(modelActivate);
    }
    if (modelShowCmd->parsed()) {
        return runModelShow(library, modelJson);
    }
    if (exportCmd->parsed()) {
        return runExport(exportCommand);
    }
    if (reportCmd->parsed()) {
        return runReport(reportCommand);
    }
    if (syncCmd->parsed()) {
        return runSync(syncCommand);
    }
    if (auto triageStatus = triageCli.runParsed()) {
        return *triageStatus;
    }
    if (analyzeCmd->parsed()) {
        return runAnalyzeCommand(analyze);
    }
    if (evalCmd->parsed()) {
        return runEvalCommand(eval);
    }
    if (auto enrolmentStatus = enrolmentCli.runParsed()) {
        return *enrolmentStatus;
    }
    if (importCmd->parsed() && !importToken.empty()) {
        auto given = [&](const char* option, const std::string& value) {
            return importCmd->count(option) > 0 ? std::optional<std::string>(value) : std::nullopt;
        };
        return runTokenImport({library, importToken, given("--patient", target.patientExternalId),
                               given("--wound", target.woundLabel), given("--source", source),
                               paths});
    }
    if (importCmd->parsed() && (target.patientExternalId.empty() || target.woundLabel.empty())) {
        std::cerr << "cicatrix import: --patient and --wound are needed (or --token)\n";
        return 1;
    }
    if (importCmd->parsed()) {
        target.source = *photoSourceFromString(source);
        return runImport(library, target, paths);
    }
    if (demoCmd->parsed()) {
        auto dir = ensureDemo(library.empty() ? defaultDemoLibraryDir() : fs::path(library));
        if (!dir) {
            std::cerr << "cicatrix demo: " << dir.error().message << "\n";
            return 1;
        }
        std::cout << dir->string() << "\n";
        return 0;
    }
    if (demo) {
        auto dir = ensureDemo(library.empty() ? defaultDemoLibraryDir() : fs::path(library));
        if (!dir) {
            std::cerr << "cicatrix: " << dir.error().message << "\n";
            return 1;
        }
        gui.libraryDir = *dir;
    } else {
        gui.libraryDir = library.empty() ? defaultLibraryDir() : fs::path(library);
    }
    return runWorkstation(gui);
}

}  // namespace cicatrix::workstation
