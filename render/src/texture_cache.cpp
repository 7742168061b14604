// LRU bookkeeping and the GL texture cache built on it.
#include "render/texture_cache.hpp"
#include "render/lru_budget.hpp"

namespace cicatrix::render {

void LruBudget::insert(const std::string& key, std::size_t bytes) {
    erase(key);
    m_order.push_front(key);
    m_entries.emplace(key, Entry{bytes, m_frame, m_order.begin()});
    m_used += bytes;
}

void LruBudget::touch(const std::string& key) {
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        return;
    }
    it->second.lastFrame = m_frame;
    m_order.splice(m_order.begin(), m_order, it->second.order);
}

void LruBudget::erase(const std::string& key) {
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        return;
    }
    m_used -= it->second.bytes;
    m_order.erase(it->second.order);
    m_entries.erase(it);
}

std::vector<std::string> LruBudget::evictions() {
    std::vector<std::string> out;
    while (m_used > m_budget && !m_order.empty()) {
        const std::string& oldest = m_order.back();
        if (m_entries.at(oldest).lastFrame == m_frame) {
            break;  // everything left was used this frame
        }
        out.push_back(oldest);
        erase(std::string(oldest));
    }
    return out;
}

TextureCache::TextureCache(std::size_t budgetBytes) : m_lru(budgetBytes) {}

void TextureCache::beginFrame() {
    m_lru.beginFrame();
}

const Texture* TextureCache::find(const std::string& key) {
    auto it = m_textures.find(key);
    if (it == m_textures.end()) {
        return nullptr;
    }
    m_lru.touch(key);
    return &it->second;
}

const Texture* TextureCache::insert(const std::string& key, const cv::Mat& bgr) {
    Texture texture = Texture::fromBgr(bgr);
    if (!texture.valid()) {
        return nullptr;
    }
    m_lru.insert(key, texture.bytes());
    auto [it, _] = m_textures.insert_or_assign(key, std::move(texture));
    return &it->second;
}

void TextureCache::endFrame() {
    for (const std::string& key : m_lru.evictions()) {
        m_textures.erase(key);  // ~Texture deletes the GL object, on the main thread
    }
}

void TextureCache::clear() {
    for (auto& [key, texture] : m_textures) {
        m_lru.erase(key);
    }
    m_textures.clear();
}

}  // namespace cicatrix::render
