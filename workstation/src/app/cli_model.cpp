// The library's active model from the command line: activate (after loading it) and show.
#include "workstation/app/cli_model.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/active_model_repository.hpp"
#include "library/library.hpp"
#include "ml/segmentation_model.hpp"
#include "workstation/app/model_selection.hpp"
#include "workstation/app/cli_refusal.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

int runModelActivate(const ModelActivateCommand& c) {
    constexpr std::string_view verb = "model activate";
    std::error_code ec;
    const fs::path dir = fs::weakly_canonical(fs::absolute(c.model, ec), ec);
    if (ec)
        return refuse(verb, c.model.string() + ": " + ec.message());
    auto model = ml::SegmentationModel::load(dir, 1);
    if (!model)
        return refuse(verb, dir.string() + " is not a usable model: " + model.error().message);
    const ml::ModelCard& card = (*model)->card();
    auto library = Library::open(c.library, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    auto active = (*library)->withDatabase([&](SQLite::Database& db) -> Result<ActiveModel> {
        return ActiveModelRepository(db).set(card.name, card.version, dir.string(), c.user);
    });
    if (!active)
        return refuse(verb, active.error().message);
    std::cout << fmt::format("active model: {} {} ({}), activated by {}\n", active->modelName,
                             active->modelVersion, active->modelDir, active->activatedBy);
    return 0;
}

int runModelShow(const fs::path& libraryDir, bool json) {
    constexpr std::string_view verb = "model show";
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library)
        return refuse(verb, library.error().message);
    const ModelSelection selection = selectModel(**library);
    nlohmann::json out;
    out["active"] = nullptr;
    if (selection.active)
        out["active"] = {{"name", selection.active->modelName},
                         {"version", selection.active->modelVersion},
                         {"dir", selection.active->modelDir},
                         {"activated_by", selection.active->activatedBy},
                         {"activated_at", selection.active->activatedAt}};
    const auto card = checkModelFolder(selection.dir);
    out["in_use"] = {{"dir", selection.dir.string()},
                     {"shipped", !selection.usingActive},
                     {"name", card ? card->name : ""},
                     {"version", card ? card->version : ""}};
    if (!card)
        out["in_use"]["error"] = card.error().message;
    out["note"] = selection.note;
    if (json) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (selection.active)
        std::cout << fmt::format("active model: {} {} ({}), activated by {} at {}\n",
                                 selection.active->modelName, selection.active->modelVersion,
                                 selection.active->modelDir, selection.active->activatedBy,
                                 selection.active->activatedAt);
    else
        std::cout << "no active model set: the shipped model is used\n";
    if (!selection.note.empty())
        std::cout << "note: " << selection.note << "\n";
    std::cout << fmt::format("in use: {} ({}{})\n", card ? card->label() : card.error().message,
                             selection.dir.string(), selection.usingActive ? "" : ", shipped");
    return 0;
}

}  // namespace cicatrix::workstation
