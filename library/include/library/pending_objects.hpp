// Writing to the photo store without leaving orphans after a crash. putPendingObject records the
// intent (table pending_objects, with this process's id), then stores the bytes; the transaction
// that makes a row refer to the object deletes the intent (clearPendingObject). If the process
// dies in between, recoverPendingObjects — run when a library is opened — removes the objects
// (and temp files) of dead processes that nothing refers to (view store_references).
// Thread-safe (through the Library).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "library/atomic_file.hpp"
#include "library/error.hpp"

namespace cicatrix::library {

class Library;

struct PendingObject {
    std::int64_t id = 0;  // the pending_objects row
    bool wrote = false;   // false: the object was already in the store
};

[[nodiscard]] Result<PendingObject> putPendingObject(Library& library, std::string_view sha256,
                                                     std::span<const std::uint8_t> bytes,
                                                     Durability durability = Durability::Now);

// Inside the transaction that makes a row refer to the object.
void clearPendingObject(SQLite::Database& db, std::int64_t pendingId);

// Removes the objects of processes that are gone and that no row refers to, with their temp
// files; returns how many objects were removed. Intents of live processes are left alone.
[[nodiscard]] Result<int> recoverPendingObjects(Library& library);

}  // namespace cicatrix::library
