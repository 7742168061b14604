// GPU textures (plain or tiled) by key, e.g. "thumb:<sha>", "overlay:<id>", under a memory budget,
// LRU-evicted at frame end except pinned keys; entries can be updated in place. Main thread only:
// call beginFrame/endFrame around drawing.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <unordered_map>
#include <variant>

#include "render/lru_budget.hpp"
#include "render/texture.hpp"
#include "render/tiled_texture.hpp"

namespace cicatrix::render {

class TextureCache;

// Keeps one key pinned in a TextureCache for as long as it lives (RAII over pin/unpin). Move-only;
// must not outlive its cache.
class CachePin {
  public:
    CachePin() = default;
    ~CachePin() { release(); }
    CachePin(CachePin&& other) noexcept;
    CachePin& operator=(CachePin&& other) noexcept;
    CachePin(const CachePin&) = delete;
    CachePin& operator=(const CachePin&) = delete;

    [[nodiscard]] bool active() const { return m_cache != nullptr; }
    [[nodiscard]] const std::string& key() const { return m_key; }
    void release();  // unpins now (idempotent)

  private:
    friend class TextureCache;
    CachePin(TextureCache* cache, std::string key) : m_cache(cache), m_key(std::move(key)) {}
    TextureCache* m_cache = nullptr;
    std::string m_key;
};

class TextureCache {
  public:
    explicit TextureCache(std::size_t budgetBytes);

    void beginFrame();
    // Mark the entry used this frame; nullptr when absent (or of the other kind).
    [[nodiscard]] const Texture* find(const std::string& key);
    [[nodiscard]] const TiledTexture* findTiled(const std::string& key);
    [[nodiscard]] bool contains(const std::string& key) const { return m_textures.contains(key); }

    // BGR/BGRA/gray, converted here on the main thread: fine for thumbnails; for photos, convert
    // in the decode job with toRgba and use insertRgba.
    const Texture* insert(const std::string& key, const cv::Mat& bgr);
    // RGBA (CV_8UC4) uploaded without conversion.
    const Texture* insertRgba(const std::string& key, const cv::Mat& rgba,
                              const TextureOptions& options = {});
    // Any texture made elsewhere (fromLabels, ...). Replaces an entry under the same key.
    const Texture* insert(const std::string& key, Texture texture);
    const TiledTexture* insertTiled(const std::string& key, TiledTexture texture);
    void erase(const std::string& key);

    // Edits a cached texture in place (Texture::update / TiledTexture::update with the same
    // rectangle in texture and source) and marks it used. False when absent or the update fails.
    bool update(const std::string& key, const cv::Mat& source, cv::Rect rect);

    // Pinned keys are never evicted (see LruBudget::pin); a key may be pinned before it is
    // inserted.
    void pin(const std::string& key) { m_lru.pin(key); }
    void unpin(const std::string& key) { m_lru.unpin(key); }
    [[nodiscard]] bool pinned(const std::string& key) const { return m_lru.pinned(key); }
    [[nodiscard]] CachePin pinScoped(const std::string& key);

    void endFrame();  // frees least-recently-used, unpinned textures over the budget

    [[nodiscard]] std::size_t usedBytes() const { return m_lru.usedBytes(); }
    [[nodiscard]] std::size_t budgetBytes() const { return m_lru.budget(); }
    [[nodiscard]] std::size_t count() const { return m_textures.size(); }

  private:
    using Entry = std::variant<Texture, TiledTexture>;
    LruBudget m_lru;
    std::unordered_map<std::string, Entry> m_textures;
};

}  // namespace cicatrix::render
