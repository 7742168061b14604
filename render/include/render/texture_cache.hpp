// GPU textures by key (e.g. "thumb:<sha>", "full:<sha>") under a memory budget, LRU-evicted at
// the end of each frame. Main thread only: call beginFrame/endFrame around drawing.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <unordered_map>

#include "render/lru_budget.hpp"
#include "render/texture.hpp"

namespace cicatrix::render {

class TextureCache {
  public:
    explicit TextureCache(std::size_t budgetBytes);

    void beginFrame();
    [[nodiscard]] const Texture* find(const std::string& key);  // marks it used this frame
    const Texture* insert(const std::string& key, const cv::Mat& bgr);
    void endFrame();  // frees least-recently-used textures over the budget
    void clear();

    [[nodiscard]] std::size_t usedBytes() const { return m_lru.usedBytes(); }
    [[nodiscard]] std::size_t budgetBytes() const { return m_lru.budget(); }
    [[nodiscard]] std::size_t count() const { return m_textures.size(); }

  private:
    LruBudget m_lru;
    std::unordered_map<std::string, Texture> m_textures;
};

}  // namespace cicatrix::render
