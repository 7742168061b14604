// Label versions from the command line: a mask file becomes a submitted version (validated first:
// size, class ids), a reviewer approves or sends back the photo's submitted version, and the
// approved versions are exported as a dataset with pseudonymous case ids.
#include "workstation/app/cli_labels.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <iostream>
#include <set>

#include "annotate/dataset_export.hpp"
#include "annotate/label_classes.hpp"
#include "library/label_repository.hpp"
#include "library/library.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_repository.hpp"
#include "library/wound_repository.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/app/cli_refusal.hpp"
#include "workstation/error.hpp"
#include "workstation/labels/label_store.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {


// A mask file as a label map of class ids: 0/255 masks mean wound; anything else must hold known
// class ids only. Refused with the reason otherwise.
Result<cv::Mat> readLabelMap(const fs::path& file, int width, int height) {
    const cv::Mat mask = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
    if (mask.empty())
        return fail(ErrorCode::InvalidInput, file.string() + " is not a readable image");
    if (mask.type() != CV_8UC1)
        return fail(ErrorCode::InvalidInput,
                    file.string() + " must be a single-channel 8-bit PNG (class ids or 0/255)");
    if (mask.cols != width || mask.rows != height)
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{} is {}×{}, the photo is {}×{}", file.string(), mask.cols,
                                mask.rows, width, height));
    std::set<int> values;
    for (int y = 0; y < mask.rows; ++y) {
        const auto* row = mask.ptr<std::uint8_t>(y);
        for (int x = 0; x < mask.cols; ++x) values.insert(row[x]);
    }
    if (std::ranges::all_of(values, [](int v) { return v == 0 || v == 255; })) {
        cv::Mat labels = cv::Mat::zeros(mask.size(), CV_8UC1);
        labels.setTo(annotate::kWoundLabel, mask == 255);
        return labels;
    }
    std::string unknown;
    for (const int v : values) {
        if (!annotate::findLabelClass(static_cast<std::uint8_t>(v)))
            unknown += (unknown.empty() ? "" : ", ") + std::to_string(v);
    }
    if (!unknown.empty())
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{} holds unknown class ids: {} (see the README's class table)",
                                file.string(), unknown));
    return mask.clone();
}

nlohmann::json toJson(const LabelVersion& v) {
    return {{"id", v.id},
            {"photo_id", v.photoId},
            {"version", v.version},
            {"status", toString(v.status)},
            {"source", v.source},
            {"model_version", v.modelVersion.value_or("")},
            {"created_by", v.createdBy},
            {"created_at", v.createdAt},
            {"submitted_by", v.submittedBy.value_or("")},
            {"reviewed_by", v.reviewedBy.value_or("")},
            {"review_comment", v.reviewComment},
            {"labels_sha256", v.labelsSha256}};
}

}  // namespace

int runLabelsImport(const LabelsImportCommand& c) {
    constexpr std::string_view verb = "labels import";
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto photo = (*library)->withReader([&](SQLite::Database& db) -> Result<std::optional<Photo>> {
        return PhotoRepository(db).findById(c.photo);
    });
    if (!photo || !*photo)
        return refuse(verb, fmt::format("no photo {} in {}", c.photo, c.library.string()));
    auto labels = readLabelMap(c.mask, (*photo)->width, (*photo)->height);
    if (!labels)
        return refuse(verb, labels.error().message);
    auto version = storeLabelVersion(**library, *labels,
                                     {c.photo,
                                      std::nullopt,
                                      LabelStatus::Submitted,
                                      {},
                                      "import",
                                      std::nullopt,
                                      std::nullopt,
                                      c.user});
    if (!version)
        return refuse(verb, version.error().message);
    std::cout << fmt::format("photo {}: label version {} submitted by {}\n", c.photo,
                             version->version, c.user);
    return 0;
}

int runLabelsReview(const LabelsReviewCommand& c) {
    constexpr std::string_view verb = "labels review";
    if (c.approve == c.reject)
        return refuse(verb, "give --approve or --reject --comment TEXT");
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto reviewed = (*library)->withDatabase([&](SQLite::Database& db) -> Result<LabelVersion> {
        LabelRepository labels(db);
        const auto versions = labels.forPhoto(c.photo);
        const auto submitted =
            std::ranges::find_if(versions.rbegin(), versions.rend(),
                                 [](const auto& v) { return v.status == LabelStatus::Submitted; });
        if (submitted == versions.rend())
            return fail(ErrorCode::NotFound,
                        fmt::format("photo {} has no submitted label to review", c.photo));
        return c.approve ? labels.approve(submitted->id, c.user)
                         : labels.sendBack(submitted->id, c.user, c.comment);
    });
    if (!reviewed)
        return refuse(verb, reviewed.error().message);
    std::cout << fmt::format("photo {}: label version {} {} by {}\n", c.photo, reviewed->version,
                             toString(reviewed->status), c.user);
    return 0;
}

int runLabelsList(const fs::path& libraryDir, const std::string& status, bool json) {
    constexpr std::string_view verb = "labels list";
    std::optional<LabelStatus> filter;
    if (!status.empty()) {
        filter = labelStatusFromString(status);
        if (!filter)
            return refuse(verb, "unknown status \"" + status +
                                    "\" (ai_draft, in_progress, submitted, approved, sent_back)");
    }
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto versions =
        (*library)->withReader([&](SQLite::Database& db) -> Result<std::vector<LabelVersion>> {
            return LabelRepository(db).list(filter);
        });
    if (!versions)
        return refuse(verb, versions.error().message);
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : *versions) out.push_back(toJson(v));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& v : *versions) {
        std::cout << fmt::format("photo {}  v{}  {}  by {}{}\n", v.photoId, v.version,
                                 toString(v.status), v.createdBy,
                                 v.reviewedBy ? "  reviewed by " + *v.reviewedBy : "");
    }
    return 0;
}

int runExport(const ExportCommand& c) {
    constexpr std::string_view verb = "export";
    annotate::ExportOptions options;
    if (c.format == "nnunet")
        options.format = annotate::ExportFormat::NnUnet;
    else if (c.format == "coco")
        options.format = annotate::ExportFormat::Coco;
    else if (c.format == "png")
        options.format = annotate::ExportFormat::Png;
    else
        return refuse(verb, "--format is nnunet, coco or png");
    if (c.classes != "wound" && c.classes != "tissue")
        return refuse(verb, "--classes is wound or tissue");
    options.classes =
        c.classes == "tissue" ? annotate::ExportClasses::Tissue : annotate::ExportClasses::Wound;
    std::error_code ec;
    if (fs::exists(c.out, ec) && !fs::is_empty(c.out, ec))
        return refuse(verb, c.out.string() + " is not empty: give a new or empty folder");
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    struct Approved {
        Photo photo;
        std::string patient;
        LabelVersion label;
    };
    auto approved =
        (*library)->withReader([&](SQLite::Database& db) -> Result<std::vector<Approved>> {
            std::vector<Approved> out;
            LabelRepository labels(db);
            for (const Photo& photo : PhotoRepository(db).listAll()) {
                if (auto label = labels.latestApproved(photo.id)) {
                    const auto wound = WoundRepository(db).findById(photo.woundId);
                    const auto patient = PatientRepository(db).findById(wound->patientId);
                    out.push_back({photo, patient->externalId, *label});
                }
            }
            return out;
        });
    if (!approved)
        return refuse(verb, approved.error().message);
    if (approved->empty())
        return refuse(verb, "no approved label in this library: nothing to export");
    std::vector<annotate::ExportCase> cases;
    for (std::size_t i = 0; i < approved->size(); ++i) {
        const Approved& a = (*approved)[i];
        auto image = loadStoredPhoto(**library, a.photo);
        auto labels = loadStoredMask(**library, a.label.labelsSha256);
        if (!image || !labels)
            return refuse(verb,
                          fmt::format("photo {}: {}", a.photo.id,
                                      !image ? image.error().message : labels.error().message));
        cases.push_back(
            {fmt::format("case_{:04d}", i + 1), a.patient, std::move(*image), std::move(*labels)});
    }
    auto summary = annotate::exportDataset(cases, c.out, options);
    if (!summary)
        return refuse(verb, summary.error().message);
    std::cout << fmt::format("exported {} approved case(s) of {} patient(s) to {} ({}, {} folds)\n",
                             summary->cases, summary->patients, c.out.string(), c.format,
                             summary->folds);
    return 0;
}

}  // namespace cicatrix::workstation
