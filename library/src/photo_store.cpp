// Content-addressed store on top of writeFileAtomically (link() never replaces).
#include "library/photo_store.hpp"

#include <fmt/format.h>

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

Result<bool> PhotoStore::put(std::string_view sha256, std::span<const std::uint8_t> bytes) {
    if (sha256.size() != 64) {
        return fail(ErrorCode::InvalidInput, "photo store: malformed sha256");
    }
    const fs::path target = pathFor(sha256);
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (fs::file_size(target, ec) == bytes.size()) {
            return false;
        }
        return fail(ErrorCode::Corrupt,
                    fmt::format("photo store object {} has the wrong size; the store is "
                                "damaged (it is left untouched)",
                                target.string()));
    }
    auto written = writeFileAtomically(target, bytes, /*allowReplace=*/false);
    if (!written) {
        if (fs::exists(target, ec)) {
            return false;  // a concurrent writer stored the same content first
        }
        return std::unexpected(written.error());
    }
    return true;
}

Result<std::vector<std::uint8_t>> PhotoStore::read(std::string_view sha256) const {
    return readFileBytes(pathFor(sha256));
}

void PhotoStore::discardUnreferenced(std::string_view sha256) {
    std::error_code ec;
    fs::remove(pathFor(sha256), ec);
}

}  // namespace cicatrix::library
