// The active model if it is still usable, else the shipped one (with the reason).
#include "workstation/app/model_selection.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "workstation/app/cli_analysis.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

ml::MlResult<ml::ModelCard> checkModelFolder(const fs::path& dir) {
    auto card = ml::readModelCard(dir);
    if (!card)
        return card;
    if (auto file = ml::readVerifiedModelFile(*card, dir); !file)
        return std::unexpected(file.error());
    return card;
}

ModelSelection selectModel(Library& library) {
    ModelSelection selection;
    selection.dir = defaultModelDir();
    auto active =
        library.withReader([](SQLite::Database& db) -> Result<std::optional<ActiveModel>> {
            return ActiveModelRepository(db).get();
        });
    if (!active) {
        selection.note = "cannot read the active model: " + active.error().message;
        return selection;
    }
    selection.active = *active;
    if (!selection.active)
        return selection;
    const fs::path dir = selection.active->modelDir;
    auto card = checkModelFolder(dir);
    if (!card) {
        selection.note = "the active model " + dir.string() + " cannot be used (" +
                         card.error().message + "); using the shipped model";
    } else if (card->version != selection.active->modelVersion ||
               card->name != selection.active->modelName) {
        selection.note = "the active model's folder " + dir.string() + " now holds " +
                         card->label() + ", not " + selection.active->modelName + " " +
                         selection.active->modelVersion + "; using the shipped model";
    } else {
        selection.dir = dir;
        selection.usingActive = true;
    }
    return selection;
}

fs::path modelDirFor(Library& library) {
    return selectModel(library).dir;
}

}  // namespace cicatrix::workstation
