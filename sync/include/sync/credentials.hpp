// Where sync secrets come from: never the library database. A credential source is either
// "env:NAME" (the variable's value) or the path of a file that only its owner may read or write
// (mode 0600 or stricter; a file others can read is refused, like ssh does with its keys).
// The file holds the secret alone; one trailing newline is ignored. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "sync/sync_error.hpp"

namespace cicatrix::sync {

// InvalidInput with the reason when `path` is missing, not a regular file, not owned by this
// user, or readable/writable by anyone else.
[[nodiscard]] SyncResult<void> checkCredentialFile(const std::string& path);

// The secret named by `source` ("env:NAME" or a file path, checked as above).
[[nodiscard]] SyncResult<std::string> readSecret(std::string_view source);

}  // namespace cicatrix::sync
