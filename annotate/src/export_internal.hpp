// Internal to dataset export: the file writer (PNG without text chunks, sha256 of each file), the
// label table of a class mode, the patient-grouped folds and the per-format writers that
// dataset_export.cpp drives. Thread rule: one export's objects belong to one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "annotate/dataset_export.hpp"

namespace cicatrix::annotate::detail {

using Json = nlohmann::ordered_json;  // keys stay in the order written (labels by id)

struct WrittenFile {
    std::string path;  // relative, '/'-separated
    std::string sha256;
    std::uintmax_t bytes = 0;
};

// Writes files under one root folder and remembers what it wrote.
class ExportWriter {
  public:
    explicit ExportWriter(std::filesystem::path root) : m_root(std::move(root)) {}

    [[nodiscard]] std::expected<void, ExportError> writeBytes(const std::string& relative,
                                                              std::span<const std::uint8_t> bytes);
    [[nodiscard]] std::expected<void, ExportError> writeJson(const std::string& relative,
                                                             const Json& json);
    // 8-bit PNG: BGR → RGB colour file, CV_8UC1 → grey file; only IHDR/IDAT/IEND chunks.
    [[nodiscard]] std::expected<void, ExportError> writePng(const std::string& relative,
                                                            const cv::Mat& pixels);
    [[nodiscard]] const std::vector<WrittenFile>& files() const { return m_files; }

  private:
    std::filesystem::path m_root;
    std::vector<WrittenFile> m_files;
};

[[nodiscard]] std::string sha256Hex(std::span<const std::uint8_t> bytes);

// The label ids a class mode writes: background 0, consecutive classes, ignore the highest.
struct LabelTable {
    std::vector<std::pair<std::string, std::uint8_t>> classes;  // by id, background first
    std::string ignoreKey = "ignore";
    std::uint8_t ignoreId = 0;
};
[[nodiscard]] LabelTable labelTable(ExportClasses classes);

// A source label map (label_classes ids, 255 unsure) in the table's ids; an id that is no class
// is an error.
[[nodiscard]] std::expected<cv::Mat, ExportError> mapLabels(const cv::Mat& labels,
                                                            ExportClasses classes,
                                                            const LabelTable& table);

// min(5, patients) folds; a patient's cases all in one fold. Deterministic for the same inputs.
struct FoldPlan {
    int folds = 0;
    std::size_t patients = 0;
    std::vector<int> foldOfCase;           // parallel to the (caseId-sorted) cases
    std::vector<std::string> groupOfCase;  // pseudonymous patient groups: "group_000", …
};
[[nodiscard]] FoldPlan planFolds(const std::vector<const ExportCase*>& sortedCases);

// One case ready to write: BGR image, labels in the table's ids.
struct PreparedCase {
    std::string caseId;
    int fold = 0;
    cv::Mat image;
    cv::Mat labels;
};

// Everything a format writes after the cases: the table, which ids were seen, folds.
struct ExportContext {
    const ExportOptions& options;
    const LabelTable& table;
    bool hasIgnore = false;
    const std::vector<std::string>& caseIds;  // sorted
    const FoldPlan& plan;
};

class FormatWriter {
  public:
    virtual ~FormatWriter() = default;
    [[nodiscard]] virtual std::expected<void, ExportError> addCase(ExportWriter& writer,
                                                                   const PreparedCase& c) = 0;
    [[nodiscard]] virtual std::expected<void, ExportError> finish(ExportWriter& writer,
                                                                  const ExportContext& context) = 0;
};

[[nodiscard]] std::unique_ptr<FormatWriter> makeNnUnetWriter();
[[nodiscard]] std::unique_ptr<FormatWriter> makeCocoWriter(const LabelTable& table);
[[nodiscard]] std::unique_ptr<FormatWriter> makePngWriter();

// splits_final.json's content: per fold {"train": [...], "val": [...]}, ids sorted.
[[nodiscard]] Json splitsJson(const std::vector<std::string>& caseIds, const FoldPlan& plan);
// dataset.json "labels" / summary "labels": key → id, ignore last when present.
[[nodiscard]] Json labelsJson(const LabelTable& table, bool withIgnore);

}  // namespace cicatrix::annotate::detail
