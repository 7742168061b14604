// Which segmentation model a library's analyses use: the library's active model (table
// active_model) when one is set and its folder still holds a valid card and model file, else the
// shipped one. One resolution for the GUI, `cicatrix eval --library` and `cicatrix model show`.
// Thread-safe (reads through Library::withReader).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "library/active_model_repository.hpp"
#include "library/library.hpp"
#include "ml/model_card.hpp"

namespace cicatrix::workstation {

struct ModelSelection {
    std::filesystem::path dir;                   // the folder to load
    std::optional<library::ActiveModel> active;  // the library's choice, if any
    bool usingActive = false;                    // dir is the active model's folder
    std::string note;  // why the active model is not used (empty when it is, or none is set)
};

[[nodiscard]] ModelSelection selectModel(library::Library& library);
// selectModel(library).dir.
[[nodiscard]] std::filesystem::path modelDirFor(library::Library& library);

// The folder's card, checked together with its model file (digest), without loading torch.
[[nodiscard]] ml::MlResult<ml::ModelCard> checkModelFolder(const std::filesystem::path& dir);

}  // namespace cicatrix::workstation
