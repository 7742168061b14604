// The GL texture cache over LruBudget: the map owns the textures (node-based, so pointers handed
// out stay valid until the entry is replaced, erased or evicted); eviction destroys them here, on
// the main thread.
#include "render/texture_cache.hpp"

#include <utility>

namespace cicatrix::render {

CachePin::CachePin(CachePin&& other) noexcept
    : m_cache(std::exchange(other.m_cache, nullptr)), m_key(std::move(other.m_key)) {}

CachePin& CachePin::operator=(CachePin&& other) noexcept {
    if (this != &other) {
        release();
        m_cache = std::exchange(other.m_cache, nullptr);
        m_key = std::move(other.m_key);
    }
    return *this;
}

void CachePin::release() {
    if (m_cache != nullptr) {
        std::exchange(m_cache, nullptr)->unpin(m_key);
    }
}

TextureCache::TextureCache(std::size_t budgetBytes) : m_lru(budgetBytes) {}

void TextureCache::beginFrame() {
    m_lru.beginFrame();
}

const Texture* TextureCache::find(const std::string& key) {
    auto it = m_textures.find(key);
    if (it == m_textures.end() || !std::holds_alternative<Texture>(it->second)) {
        return nullptr;
    }
    m_lru.touch(key);
    return &std::get<Texture>(it->second);
}

const TiledTexture* TextureCache::findTiled(const std::string& key) {
    auto it = m_textures.find(key);
    if (it == m_textures.end() || !std::holds_alternative<TiledTexture>(it->second)) {
        return nullptr;
    }
    m_lru.touch(key);
    return &std::get<TiledTexture>(it->second);
}

const Texture* TextureCache::insert(const std::string& key, const cv::Mat& bgr) {
    return insert(key, Texture::fromBgr(bgr));
}

const Texture* TextureCache::insertRgba(const std::string& key, const cv::Mat& rgba,
                                        const TextureOptions& options) {
    return insert(key, Texture::fromRgba(rgba, options));
}

const Texture* TextureCache::insert(const std::string& key, Texture texture) {
    if (!texture.valid()) {
        return nullptr;
    }
    m_lru.insert(key, texture.bytes());
    auto [it, _] = m_textures.insert_or_assign(key, Entry(std::move(texture)));
    return &std::get<Texture>(it->second);
}

const TiledTexture* TextureCache::insertTiled(const std::string& key, TiledTexture texture) {
    if (!texture.valid()) {
        return nullptr;
    }
    m_lru.insert(key, texture.bytes());
    auto [it, _] = m_textures.insert_or_assign(key, Entry(std::move(texture)));
    return &std::get<TiledTexture>(it->second);
}

void TextureCache::erase(const std::string& key) {
    m_lru.erase(key);
    m_textures.erase(key);
}

bool TextureCache::update(const std::string& key, const cv::Mat& source, cv::Rect rect) {
    auto it = m_textures.find(key);
    if (it == m_textures.end()) {
        return false;
    }
    m_lru.touch(key);
    return std::visit([&](auto& texture) { return texture.update(source, rect); }, it->second);
}

CachePin TextureCache::pinScoped(const std::string& key) {
    m_lru.pin(key);
    return CachePin(this, key);
}

void TextureCache::endFrame() {
    for (const std::string& key : m_lru.evictions()) {
        m_textures.erase(key);  // ~Texture deletes the GL object, on the main thread
    }
}

}  // namespace cicatrix::render
