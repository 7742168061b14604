// Content-addressed photo bytes: objects/<first two hex>/<sha256>. Objects are written once
// (atomically) and never overwritten or deleted by imports; the database refers to them by hash.
// An object no row refers to (an import that failed after storing) is harmless and is reused by
// the next import of the same bytes; removing such orphans is a later garbage collection's job,
// never an import's (another import may be about to refer to it). Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "library/atomic_file.hpp"

namespace cicatrix::library {

class PhotoStore {
  public:
    explicit PhotoStore(std::filesystem::path root);

    [[nodiscard]] std::filesystem::path pathFor(std::string_view sha256) const;
    [[nodiscard]] bool contains(std::string_view sha256) const;

    // Stores the bytes under their hash. Returns true when a new object was written, false when
    // the object was already there with exactly these bytes (written earlier, or concurrently by
    // another import). Corrupt when an object of that name holds other bytes (the store is
    // damaged; the object is left untouched).
    // Deferred: see Durability; the caller flushes with flush() before referring to it.
    [[nodiscard]] Result<bool> put(std::string_view sha256, std::span<const std::uint8_t> bytes,
                                   Durability durability = Durability::Now);
    // Makes deferred objects durable (their files and folders, flushed several at once).
    [[nodiscard]] Result<void> flush(const std::vector<std::string>& sha256s) const;
    [[nodiscard]] Result<std::vector<std::uint8_t>> read(std::string_view sha256) const;

  private:
    // False when the existing object differs from `bytes`.
    [[nodiscard]] Result<bool> existingMatches(const std::filesystem::path& target,
                                               std::span<const std::uint8_t> bytes) const;

    std::filesystem::path m_root;
};

}  // namespace cicatrix::library
