// Approved labels out as training datasets, from plain inputs (no database here):
//   nnunet: dataset.json, imagesTr/<case>_0000.png (RGB), labelsTr/<case>.png (grey label ids)
//   coco:   annotations.json (images, one RLE annotation per class per image, categories) +
//           images/<case>.png; unsure pixels as each image's "ignore_mask" RLE
//   png:    images/<case>.png + masks/<case>.png
// and in every format splits_final.json (min(5, patients) folds grouped by patient: list of
// {"train", "val"}), summary.json (label table, counts per fold and class) and manifest.json
// ({files: [{path, sha256, bytes}]}, every other file). Label ids written: wound mode 0 background,
// 1 wound (ids 1..6); tissue mode the label_classes ids 0..6; unsure (255) becomes "ignore" = the
// highest id (2 or 7), declared only when present. Case ids are pseudonymous; no name, hospital
// id or date goes into a file name, a JSON field or an image (PNGs hold only IHDR/IDAT/IEND).
// The same cases give byte-identical files. Thread-safe (no shared state); run it as a job.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <opencv2/core/mat.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "annotate/label_edit.hpp"

namespace cicatrix::annotate {

struct ExportCase {
    std::string caseId;      // pseudonymous, e.g. "case_0007" (validated: [A-Za-z0-9_-]+)
    std::string patientKey;  // groups cases into folds; never written anywhere
    cv::Mat image;           // BGR 8-bit (grey and BGRA accepted), upright, at the label's size
    cv::Mat labels;          // CV_8UC1 class ids (label_classes.hpp), 255 = unsure/ignore
};

enum class ExportFormat { NnUnet, Coco, Png };
enum class ExportClasses { Wound, Tissue };  // wound: 0 background, 1 any wound class

struct ExportOptions {
    ExportFormat format = ExportFormat::NnUnet;
    ExportClasses classes = ExportClasses::Wound;
    std::string datasetName = "Dataset501_Wound";  // nnU-Net's DatasetXXX_Name ([A-Za-z0-9_-]+)
    std::stop_token stop;                          // requested → error "cancelled", nothing left
    std::function<void(std::size_t done, std::size_t total)> progress;  // after each case
};

struct ExportSummary {
    std::size_t cases = 0;
    std::size_t patients = 0;
    int folds = 0;
    std::vector<std::size_t> casesPerFold;     // validation cases of fold i (the rest train)
    std::vector<std::size_t> patientsPerFold;  // validation patients of fold i
    // label key → pixels (background and ignore included)
    std::map<std::string, std::size_t> pixelsPerClass;
    std::map<std::string, std::size_t> casesPerClass;  // label key → cases holding it
    std::map<std::string, int> labels;                 // the label table written: key → id
    std::vector<std::string> files;                    // relative paths written, manifest.json last
};

struct ExportError {
    std::string message;
};

// Writes into `out`, which must not exist or be empty (refused otherwise). On failure nothing is
// left half-written in `out` (written to a temp folder beside it, renamed at the end).
[[nodiscard]] std::expected<ExportSummary, ExportError> exportDataset(
    const std::vector<ExportCase>& cases, const std::filesystem::path& out,
    const ExportOptions& options);

// COCO RLE (column-major run lengths, pycocotools' compressed string) of a binary mask (CV_8UC1,
// non-zero = on), and back (a 0/1 CV_8UC1 mask; empty when `counts` is malformed or does not
// cover height x width pixels exactly).
[[nodiscard]] std::string encodeCocoRle(const cv::Mat& binary);
[[nodiscard]] cv::Mat decodeCocoRle(const std::string& counts, int height, int width);

}  // namespace cicatrix::annotate
