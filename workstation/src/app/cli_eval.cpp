// `cicatrix eval`: the model's Dice and IoU against expert truth — photo and mask folders paired
// by file stem (subfolders included), or a library's approved labels (wound classes are wound,
// unsure pixels are left out of the score) — and the area error of the model's outline against
// the expert's (pixels; calibration cancels out). One scoring loop for both, using every core:
// photos are decoded and scored on as many threads as there are cores while the model's forward
// passes (serialised, each on every core) run one after the other.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "annotate/label_classes.hpp"
#include "library/label_repository.hpp"
#include "library/photo_file.hpp"
#include "library/photo_repository.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/app/cli_analysis.hpp"
#include "workstation/app/model_selection.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

// A photo (upright BGR) and its truth: 1 wound, 0 not, 255 not scored.
struct EvalPair {
    cv::Mat photo, truth;
};
struct EvalCase {
    std::string id;
    std::function<Result<EvalPair>()> load;
};

Result<std::vector<EvalCase>> folderCases(const EvalCommand& c, int& unpaired) {
    std::map<std::string, fs::path> photos, masks;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(c.images, ec)) {
        const auto ext = e.path().extension().string();
        if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".JPG")
            photos[e.path().stem().string()] = e.path();
    }
    if (ec)
        return fail(ErrorCode::Io, c.images.string() + ": " + ec.message());
    for (const auto& e : fs::recursive_directory_iterator(c.masks, ec)) {
        if (e.path().extension() == ".png")
            masks[e.path().stem().string()] = e.path();
    }
    if (ec)
        return fail(ErrorCode::Io, c.masks.string() + ": " + ec.message());
    std::vector<EvalCase> cases;
    for (const auto& [stem, photoPath] : photos) {
        const auto mask = masks.find(stem);
        if (mask == masks.end()) {
            ++unpaired;
            continue;
        }
        cases.push_back(
            {stem, [photoPath, maskPath = mask->second]() -> Result<EvalPair> {
                 auto photo = loadPhotoFile(photoPath);
                 if (!photo)
                     return std::unexpected(photo.error());
                 const cv::Mat truth = cv::imread(maskPath.string(), cv::IMREAD_GRAYSCALE);
                 if (truth.size() != photo->upright.size())
                     return fail(ErrorCode::InvalidInput,
                                 "mask " + maskPath.string() + " does not match its photo's size");
                 cv::Mat binary;
                 cv::threshold(truth, binary, 127, 1, cv::THRESH_BINARY);
                 return EvalPair{photo->upright, binary};
             }});
    }
    return cases;
}

Result<std::vector<EvalCase>> libraryCases(Library& library) {
    auto approved = library.withReader(
        [](SQLite::Database& db) -> Result<std::vector<std::pair<Photo, LabelVersion>>> {
            std::vector<std::pair<Photo, LabelVersion>> out;
            LabelRepository labels(db);
            for (const Photo& p : PhotoRepository(db).listAll())
                if (auto label = labels.latestApproved(p.id))
                    out.emplace_back(p, *label);
            return out;
        });
    if (!approved)
        return std::unexpected(approved.error());
    std::vector<EvalCase> cases;
    for (const auto& [photo, label] : *approved) {
        cases.push_back(
            {fmt::format("photo-{}", photo.id), [&library, photo, label]() -> Result<EvalPair> {
                 auto image = loadStoredPhoto(library, photo);
                 auto labels = loadStoredMask(library, label.labelsSha256);
                 if (!image)
                     return std::unexpected(image.error());
                 if (!labels)
                     return std::unexpected(labels.error());
                 cv::Mat truth(labels->size(), CV_8UC1, cv::Scalar(0));
                 for (int id = 1; id <= annotate::kWoundLabel; ++id) truth.setTo(1, *labels == id);
                 truth.setTo(255, *labels == annotate::kIgnoreLabel);
                 return EvalPair{*image, truth};
             }});
    }
    return cases;
}

// One case scored: Dice terms, and the relative area error when the expert outlined a wound.
struct CaseScore {
    double inter = 0, sum = 0, dice = 1.0;
    std::optional<double> areaError;
};

Result<CaseScore> scoreCase(const EvalCase& c, const ml::SegmentationModel& model,
                            const fs::path& savePredictions) {
    auto pair = c.load();
    if (!pair)
        return std::unexpected(pair.error());
    auto seg = model.segment(pair->photo);
    if (!seg)
        return fail(ErrorCode::InvalidInput, seg.error().message);
    if (!savePredictions.empty()) {
        std::error_code ec;
        fs::create_directories(savePredictions, ec);
        cv::imwrite((savePredictions / (c.id + ".png")).string(), seg->mask);
    }
    const cv::Mat scored = pair->truth != 255;
    const cv::Mat t = (pair->truth == 1) & scored, p = (seg->mask > 0) & scored;
    CaseScore out;
    const double truthArea = cv::countNonZero(t), predicted = cv::countNonZero(p);
    out.inter = cv::countNonZero(t & p);
    out.sum = truthArea + predicted;
    out.dice = out.sum == 0 ? 1.0 : 2.0 * out.inter / out.sum;
    if (truthArea > 0)
        out.areaError = std::abs(predicted - truthArea) / truthArea;
    return out;
}

}  // namespace

int runEvalCommand(const EvalCommand& command) {
    const bool fromLibrary = !command.library.empty();
    if (fromLibrary == (!command.images.empty() || !command.masks.empty()) ||
        (!fromLibrary && (command.images.empty() || command.masks.empty()))) {
        std::cerr << "cicatrix eval: give --library DIR, or --images DIR and --masks DIR\n";
        return 2;
    }
    std::unique_ptr<Library> library;
    fs::path modelDir = command.modelDir;
    if (fromLibrary) {
        auto opened = Library::open(command.library, Library::OpenMode::MustExist);
        if (!opened) {
            std::cerr << "cicatrix eval: " << opened.error().message << "\n";
            return 1;
        }
        library = std::move(*opened);
        if (modelDir.empty()) {  // the library's active model, when it has a usable one
            const ModelSelection selection = selectModel(*library);
            if (!selection.note.empty())
                std::cerr << "cicatrix eval: " << selection.note << "\n";
            modelDir = selection.dir;
        }
    }
    // Every core for the forward passes (they are serialised; decoding runs beside them).
    auto model = ml::SegmentationModel::load(
        modelDir.empty() ? defaultModelDir() : modelDir,
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    if (!model) {
        std::cerr << "cicatrix eval: " << model.error().message << "\n";
        return 1;
    }
    int unpaired = 0;
    Result<std::vector<EvalCase>> cases =
        fromLibrary ? libraryCases(*library) : folderCases(command, unpaired);
    if (!cases) {
        std::cerr << "cicatrix eval: " << cases.error().message << "\n";
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<Result<CaseScore>> scores(cases->size(), fail(ErrorCode::Cancelled, "not scored"));
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&] {
        for (std::size_t k = next++; k < cases->size() && !failed; k = next++) {
            scores[k] = scoreCase((*cases)[k], **model, command.savePredictions);
            if (!scores[k])
                failed = true;
        }
    };
    {
        std::vector<std::jthread> workers;
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        for (unsigned t = 1; t < std::min<std::size_t>(cores, cases->size()); ++t)
            workers.emplace_back(work);
        work();
    }
    double inter = 0, sum = 0, uni = 0, diceTotal = 0;
    std::vector<double> areaErrors;
    int images = 0;
    nlohmann::json perImage = nlohmann::json::array();
    for (std::size_t k = 0; k < cases->size(); ++k) {
        if (!scores[k]) {
            if (scores[k].error().code == ErrorCode::Cancelled)
                continue;  // not reached after another case failed
            std::cerr << "cicatrix eval: " << (*cases)[k].id << ": " << scores[k].error().message
                      << "\n";
            return 1;
        }
        const CaseScore& c = *scores[k];
        inter += c.inter, sum += c.sum, uni += c.sum - c.inter, diceTotal += c.dice;
        ++images;
        nlohmann::json row = {{"id", (*cases)[k].id}, {"dice", c.dice}};
        if (c.areaError) {
            areaErrors.push_back(*c.areaError);
            row["area_error"] = *c.areaError;
        }
        perImage.push_back(std::move(row));
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (images == 0) {
        std::cerr << (fromLibrary ? "cicatrix eval: no approved label in this library\n"
                                  : "cicatrix eval: no photo/mask pairs (paired by file stem)\n");
        return 1;
    }
    nlohmann::json j;
    j["images"] = images;
    if (!fromLibrary)
        j["unpaired_photos"] = unpaired;
    j["dice_aggregate"] = sum == 0 ? 1.0 : 2.0 * inter / sum;
    j["dice_mean"] = diceTotal / images;
    j["iou_aggregate"] = uni == 0 ? 1.0 : inter / uni;
    if (!areaErrors.empty()) {
        std::ranges::sort(areaErrors);
        double total = 0;
        for (const double e : areaErrors) total += e;
        j["area_error_mean"] = total / static_cast<double>(areaErrors.size());
        j["area_error_median"] = areaErrors[areaErrors.size() / 2];
        j["area_error_max"] = areaErrors.back();
    }
    j["seconds"] = seconds;
    j["model"] = {{"name", (*model)->card().name},
                  {"version", (*model)->card().version},
                  {"dir", (*model)->directory().string()}};
    j["per_image"] = perImage;
    if (command.json) {
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << fmt::format(
            "{} images: Dice {:.4f} (aggregate), {:.4f} (mean per image), IoU {:.4f}, {:.1f} s\n",
            images, j["dice_aggregate"].get<double>(), j["dice_mean"].get<double>(),
            j["iou_aggregate"].get<double>(), seconds);
        if (!areaErrors.empty()) {
            std::cout << fmt::format(
                "area of the outline vs the expert's: mean error {:.1f} %, median {:.1f} %, "
                "worst {:.1f} % ({} images with a wound)\n",
                100.0 * j["area_error_mean"].get<double>(),
                100.0 * j["area_error_median"].get<double>(),
                100.0 * j["area_error_max"].get<double>(), areaErrors.size());
        }
    }
    return 0;
}

}  // namespace cicatrix::workstation
