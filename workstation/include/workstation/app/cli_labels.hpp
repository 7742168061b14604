// `cicatrix labels import|review|list` and `cicatrix export`: the label workflow and the dataset
// export, headless. Photo ids are the ones `import` prints. Main thread only; results on stdout
// (one JSON document with --json), messages on stderr; exit 1 with the reason when refused.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace cicatrix::workstation {

struct LabelsImportCommand {
    std::filesystem::path library;
    std::int64_t photo = 0;
    std::filesystem::path mask;  // 0/255 PNG (255 → wound) or a PNG of class ids
    std::string user;
};
int runLabelsImport(const LabelsImportCommand& command);

struct LabelsReviewCommand {
    std::filesystem::path library;
    std::int64_t photo = 0;
    bool approve = false;
    bool reject = false;
    std::string comment;
    std::string user;
};
int runLabelsReview(const LabelsReviewCommand& command);

int runLabelsList(const std::filesystem::path& library, const std::string& status, bool json);

struct ExportCommand {
    std::filesystem::path library;
    std::string format = "nnunet";  // nnunet | coco | png
    std::string classes = "wound";  // wound | tissue
    std::filesystem::path out;
};
int runExport(const ExportCommand& command);

}  // namespace cicatrix::workstation
