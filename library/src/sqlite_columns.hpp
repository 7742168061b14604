// Reading nullable SQLite columns into std::optional, for the repositories (library-internal:
// not a public header). Thread rule: as the statement's.
#pragma once

#include <SQLiteCpp/Column.h>

#include <optional>
#include <string>

namespace cicatrix::library {

[[nodiscard]] inline std::optional<std::string> optionalText(const SQLite::Column& column) {
    return column.isNull() ? std::nullopt : std::optional(column.getString());
}

}  // namespace cicatrix::library
