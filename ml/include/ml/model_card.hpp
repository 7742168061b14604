// The JSON model card that sits beside every TorchScript model (model_card.json): what the model
// is, what it expects, what it was trained on and how well it did. Thread-safe (pure parsing).
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ml/ml_error.hpp"

namespace cicatrix::ml {

struct ModelClass {
    int id = 0;
    std::string key;
    std::array<int, 3> rgb{};
};

struct ModelCard {
    std::string name;
    std::string version;
    std::string task;
    std::string file;    // the TorchScript file, relative to the card
    std::string sha256;  // lower-case hex digest of that file; load() refuses a file that differs
    std::string status;
    std::string date;
    int inputWidth = 0;
    int inputHeight = 0;
    std::string resize;  // "letterbox"
    double scale = 1.0 / 255.0;
    std::array<double, 3> mean{};
    std::array<double, 3> std{};
    double threshold = 0.5;
    // The quantized engine an int8 export was made for ("onednn", "qnnpack"; card
    // inference.int8.engine): selected before the model is loaded. Empty: a float model.
    std::string int8Engine;
    std::vector<ModelClass> classes;
    std::string trainingDataName;
    std::string trainingDataLicence;
    std::optional<double> validationDice;  // aggregate Dice on the held-out split
    std::optional<double> validationIou;

    [[nodiscard]] std::string label() const { return name + " " + version; }
};

// Reads and checks <dir>/model_card.json: every required field present and sane.
[[nodiscard]] MlResult<ModelCard> readModelCard(const std::filesystem::path& dir);

// Lower-case hex SHA-256 of a file's bytes. ModelNotFound when it cannot be read.
[[nodiscard]] MlResult<std::string> fileSha256Hex(const std::filesystem::path& file);

// The bytes of the card's model file (<dir>/<card.file>), read once, when their SHA-256 is the
// card's — what is loaded is what was checked: ModelNotFound when the file is missing or
// unreadable, BadModelCard when the digest differs (a corrupted or swapped model).
[[nodiscard]] MlResult<std::string> readVerifiedModelFile(const ModelCard& card,
                                                          const std::filesystem::path& dir);

}  // namespace cicatrix::ml
