// exportDataset: validates the cases, refuses a non-empty output folder, writes the chosen format
// into a temp folder beside it (plus splits_final.json, summary.json and manifest.json with the
// sha256 of every file), then renames it into place. Thread-safe (no shared state).
#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <random>
#include <set>

#include "export_internal.hpp"

namespace cicatrix::annotate {

namespace {

using detail::Json;

constexpr std::size_t kMaxIdLength = 100;

bool isSafeId(const std::string& id) {
    return !id.empty() && id.size() <= kMaxIdLength && std::ranges::all_of(id, [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_' || ch == '-';
    });
}

std::unexpected<ExportError> fail(std::string message) {
    return std::unexpected(ExportError{std::move(message)});
}

std::expected<void, ExportError> validate(const std::vector<ExportCase>& cases,
                                          const ExportOptions& options) {
    if (!isSafeId(options.datasetName)) {
        return fail("dataset name must be letters, digits, '_' or '-'");
    }
    if (cases.empty()) {
        return fail("no approved cases to export");
    }
    std::set<std::string> ids;
    for (const ExportCase& c : cases) {
        if (!isSafeId(c.caseId)) {
            return fail("case id must be letters, digits, '_' or '-' (a pseudonym)");
        }
        if (!ids.insert(c.caseId).second) {
            return fail("case " + c.caseId + " appears twice");
        }
        if (c.patientKey.empty()) {
            return fail("case " + c.caseId + " has no patient key (needed for the folds)");
        }
        const int channels = c.image.channels();
        if (c.image.empty() || c.image.depth() != CV_8U ||
            (channels != 1 && channels != 3 && channels != 4)) {
            return fail("case " + c.caseId + ": the image is not an 8-bit photo");
        }
        if (c.labels.type() != CV_8UC1 || c.labels.size() != c.image.size()) {
            return fail("case " + c.caseId +
                        ": the labels are not an 8-bit map of the image's size");
        }
    }
    return {};
}

// `out` may not exist yet, or be an empty folder.
std::expected<void, ExportError> checkOut(const std::filesystem::path& out) {
    std::error_code ec;
    const auto status = std::filesystem::status(out, ec);
    if (status.type() == std::filesystem::file_type::not_found) {
        return {};
    }
    if (ec) {
        return fail("cannot inspect " + out.string() + ": " + ec.message());
    }
    if (!std::filesystem::is_directory(status)) {
        return fail(out.string() + " exists and is not a folder");
    }
    if (!std::filesystem::is_empty(out, ec) || ec) {
        return fail(out.string() + " is not empty: export into a new or empty folder");
    }
    return {};
}

cv::Mat toBgr(const cv::Mat& image) {
    if (image.channels() == 3) {
        return image;
    }
    cv::Mat bgr;
    cv::cvtColor(image, bgr, image.channels() == 1 ? cv::COLOR_GRAY2BGR : cv::COLOR_BGRA2BGR);
    return bgr;
}

std::string formatName(ExportFormat format) {
    switch (format) {
        case ExportFormat::NnUnet:
            return "nnunet";
        case ExportFormat::Coco:
            return "coco";
        case ExportFormat::Png:
            return "png";
    }
    return "unknown";
}

Json summaryJson(const ExportSummary& s, const ExportOptions& options, const Json& labels) {
    Json splits = Json::array();
    for (std::size_t f = 0; f < s.casesPerFold.size(); ++f) {
        splits.push_back(Json{{"fold", f},
                              {"val_cases", s.casesPerFold[f]},
                              {"val_patients", s.patientsPerFold[f]},
                              {"train_cases", s.cases - s.casesPerFold[f]},
                              {"train_patients", s.patients - s.patientsPerFold[f]}});
    }
    return Json{{"format", formatName(options.format)},
                {"classes", options.classes == ExportClasses::Tissue ? "tissue" : "wound"},
                {"cases", s.cases},
                {"patients", s.patients},
                {"folds", s.folds},
                {"labels", labels},
                {"splits", splits},
                {"pixels_per_class", s.pixelsPerClass},
                {"cases_per_class", s.casesPerClass}};
}

Json manifestJson(std::vector<detail::WrittenFile> files) {
    std::ranges::sort(files, {}, &detail::WrittenFile::path);
    Json list = Json::array();
    for (const auto& f : files) {
        list.push_back(Json{{"path", f.path}, {"sha256", f.sha256}, {"bytes", f.bytes}});
    }
    return Json{{"files", list}};
}

// Writes the whole export under `root`; fills `summary`.
std::expected<void, ExportError> writeAll(const std::vector<ExportCase>& cases,
                                          const std::filesystem::path& root,
                                          const ExportOptions& options, ExportSummary& summary) {
    std::vector<const ExportCase*> sorted;
    for (const ExportCase& c : cases) {
        sorted.push_back(&c);
    }
    std::ranges::sort(sorted, {}, &ExportCase::caseId);
    std::vector<std::string> caseIds;
    for (const ExportCase* c : sorted) {
        caseIds.push_back(c->caseId);
    }
    const detail::FoldPlan plan = detail::planFolds(sorted);
    const detail::LabelTable table = detail::labelTable(options.classes);

    detail::ExportWriter writer(root);
    std::unique_ptr<detail::FormatWriter> format;
    switch (options.format) {
        case ExportFormat::NnUnet:
            format = detail::makeNnUnetWriter();
            break;
        case ExportFormat::Coco:
            format = detail::makeCocoWriter(table);
            break;
        case ExportFormat::Png:
            format = detail::makePngWriter();
            break;
    }

    std::vector<std::size_t> pixels(static_cast<std::size_t>(table.ignoreId) + 1, 0);
    std::vector<std::size_t> casesWith(pixels.size(), 0);
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (options.stop.stop_requested()) {
            return fail("cancelled");
        }
        auto labels = detail::mapLabels(sorted[i]->labels, options.classes, table);
        if (!labels) {
            return fail("case " + caseIds[i] + ": " + labels.error().message);
        }
        for (std::size_t id = 0; id < pixels.size(); ++id) {
            const auto n =
                static_cast<std::size_t>(cv::countNonZero(*labels == static_cast<double>(id)));
            pixels[id] += n;
            casesWith[id] += n > 0 ? 1 : 0;
        }
        const detail::PreparedCase prepared{caseIds[i], plan.foldOfCase[i], toBgr(sorted[i]->image),
                                            *labels};
        if (auto r = format->addCase(writer, prepared); !r) {
            return r;
        }
        if (options.progress) {
            options.progress(i + 1, sorted.size());
        }
    }

    const bool hasIgnore = pixels[table.ignoreId] > 0;
    const detail::ExportContext context{options, table, hasIgnore, caseIds, plan};
    if (auto r = format->finish(writer, context); !r) {
        return r;
    }
    if (auto r = writer.writeJson("splits_final.json", detail::splitsJson(caseIds, plan)); !r) {
        return r;
    }

    summary.cases = sorted.size();
    summary.patients = plan.patients;
    summary.folds = plan.folds;
    summary.casesPerFold.assign(static_cast<std::size_t>(plan.folds), 0);
    summary.patientsPerFold.assign(static_cast<std::size_t>(plan.folds), 0);
    std::set<std::string> groupsSeen;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const auto fold = static_cast<std::size_t>(plan.foldOfCase[i]);
        ++summary.casesPerFold[fold];
        if (groupsSeen.insert(plan.groupOfCase[i]).second) {
            ++summary.patientsPerFold[fold];
        }
    }
    const Json labelsTable = detail::labelsJson(table, hasIgnore);
    for (const auto& item : labelsTable.items()) {
        const std::string& key = item.key();
        const auto index = item.value().get<std::size_t>();
        summary.labels[key] = static_cast<int>(index);
        summary.pixelsPerClass[key] = pixels[index];
        summary.casesPerClass[key] = casesWith[index];
    }
    if (auto r = writer.writeJson("summary.json", summaryJson(summary, options, labelsTable)); !r) {
        return r;
    }
    const Json manifest = manifestJson(writer.files());
    for (const auto& f : manifest["files"]) {
        summary.files.push_back(f["path"].get<std::string>());
    }
    if (auto r = writer.writeJson("manifest.json", manifest); !r) {
        return r;
    }
    summary.files.emplace_back("manifest.json");
    return {};
}

std::string randomSuffix() {
    std::random_device device;
    std::uniform_int_distribution<int> digit(0, 15);
    std::string suffix;
    for (int i = 0; i < 12; ++i) {
        suffix.push_back("0123456789abcdef"[digit(device)]);
    }
    return suffix;
}

}  // namespace

std::expected<ExportSummary, ExportError> exportDataset(const std::vector<ExportCase>& cases,
                                                        const std::filesystem::path& out,
                                                        const ExportOptions& options) {
    if (auto r = validate(cases, options); !r) {
        return std::unexpected(r.error());
    }
    std::error_code ec;
    std::filesystem::path target = std::filesystem::absolute(out, ec).lexically_normal();
    if (ec) {
        return fail("bad output path " + out.string() + ": " + ec.message());
    }
    if (target.filename().empty()) {
        target = target.parent_path();  // "dir/" names dir
    }
    if (auto r = checkOut(target); !r) {
        return std::unexpected(r.error());
    }
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) {
        return fail("cannot create " + target.parent_path().string() + ": " + ec.message());
    }
    const std::filesystem::path temp =
        target.parent_path() / ("." + target.filename().string() + ".partial-" + randomSuffix());

    ExportSummary summary;
    std::expected<void, ExportError> written;
    try {
        written = writeAll(cases, temp, options, summary);
    } catch (const std::exception& e) {  // OpenCV, JSON, filesystem, allocation
        written = fail(std::string("export failed: ") + e.what());
    }
    if (written) {
        // An empty `out` goes (rename cannot replace a folder); a non-empty one appearing in the
        // meantime makes the rename fail and is left as it is.
        if (std::filesystem::is_directory(target, ec)) {
            std::filesystem::remove(target, ec);
        }
        std::filesystem::rename(temp, target, ec);
        if (ec) {
            written = fail("cannot move the export into " + target.string() + ": " + ec.message());
        }
    }
    if (!written) {
        std::filesystem::remove_all(temp, ec);
        return std::unexpected(written.error());
    }
    return summary;
}

}  // namespace cicatrix::annotate
