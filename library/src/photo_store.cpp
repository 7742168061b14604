// Content-addressed store on top of writeFileAtomically (link() never replaces); an existing
// object is compared byte for byte, never trusted by its size.
#include "library/photo_store.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cicatrix::library {

namespace fs = std::filesystem;

PhotoStore::PhotoStore(fs::path root) : m_root(std::move(root)) {}

fs::path PhotoStore::pathFor(std::string_view sha256) const {
    return m_root / "objects" / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

bool PhotoStore::contains(std::string_view sha256) const {
    std::error_code ec;
    return fs::is_regular_file(pathFor(sha256), ec);
}

Result<bool> PhotoStore::existingMatches(const fs::path& target,
                                         std::span<const std::uint8_t> bytes) const {
    std::error_code ec;
    const auto size = fs::file_size(target, ec);
    if (ec) {
        return fail(ErrorCode::Io,
                    fmt::format("photo store object {}: {}", target.string(), ec.message()));
    }
    if (size != bytes.size()) {
        return false;
    }
    auto existing = readFileBytes(target, size);
    if (!existing) {
        return std::unexpected(existing.error());
    }
    return std::ranges::equal(*existing, bytes);
}

Result<bool> PhotoStore::put(std::string_view sha256, std::span<const std::uint8_t> bytes,
                             Durability durability) {
    if (sha256.size() != 64) {
        return fail(ErrorCode::InvalidInput, "photo store: malformed sha256");
    }
    const fs::path target = pathFor(sha256);
    std::error_code ec;
    bool wrote = false;
    if (!fs::exists(target, ec)) {
        auto written = writeFileAtomically(target, bytes, /*allowReplace=*/false, durability);
        // InvalidInput: the name exists (a concurrent import stored it first): check it below.
        if (!written && written.error().code != ErrorCode::InvalidInput) {
            return std::unexpected(written.error());
        }
        wrote = written.has_value();
    }
    if (wrote) {
        return true;
    }
    auto same = existingMatches(target, bytes);
    if (!same) {
        return std::unexpected(same.error());
    }
    if (!*same) {
        return fail(ErrorCode::Corrupt,
                    fmt::format("photo store object {} does not hold the bytes its name says; "
                                "the store is damaged (it is left untouched)",
                                target.string()));
    }
    return false;
}

Result<void> PhotoStore::flush(const std::vector<std::string>& sha256s) const {
    std::vector<fs::path> files;
    files.reserve(sha256s.size());
    for (const std::string& sha : sha256s) {
        files.push_back(pathFor(sha));
    }
    return flushFilesAndFolders(files);
}

Result<std::vector<std::uint8_t>> PhotoStore::read(std::string_view sha256) const {
    return readFileBytes(pathFor(sha256));
}

}  // namespace cicatrix::library
