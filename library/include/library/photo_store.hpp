// Content-addressed photo bytes: objects/<first two hex>/<sha256>. Objects are written once
// (atomically) and never overwritten; the database refers to them by hash. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "library/atomic_file.hpp"

namespace cicatrix::library {

class PhotoStore {
  public:
    explicit PhotoStore(std::filesystem::path root);

    [[nodiscard]] std::filesystem::path pathFor(std::string_view sha256) const;
    [[nodiscard]] bool contains(std::string_view sha256) const;

    // Stores the bytes under their hash. Returns true when a new object was written, false when
    // identical content was already there.
    [[nodiscard]] Result<bool> put(std::string_view sha256, std::span<const std::uint8_t> bytes);
    [[nodiscard]] Result<std::vector<std::uint8_t>> read(std::string_view sha256) const;

    // Removes an object that `put` just wrote, when the database write that refers to it failed.
    void discardUnreferenced(std::string_view sha256);

  private:
    std::filesystem::path m_root;
};

}  // namespace cicatrix::library
