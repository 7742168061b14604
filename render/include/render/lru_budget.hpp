// Least-recently-used bookkeeping under a byte budget, independent of what the bytes are
// (GPU textures here). touch() marks an entry used; evictions() names what to free so the total
// fits the budget, never evicting entries used in the current frame nor pinned keys.
// Single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

namespace cicatrix::render {

class LruBudget {
  public:
    explicit LruBudget(std::size_t budgetBytes) : m_budget(budgetBytes) {}

    [[nodiscard]] std::size_t budget() const { return m_budget; }
    [[nodiscard]] std::size_t usedBytes() const { return m_used; }
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }
    [[nodiscard]] bool contains(const std::string& key) const { return m_entries.contains(key); }

    void beginFrame() { ++m_frame; }
    void insert(const std::string& key, std::size_t bytes);  // also touches
    void touch(const std::string& key);
    void erase(const std::string& key);

    // A pinned key is never evicted, however long unused and however far over budget (a layer
    // being edited, the photo under the annotator's brush). Pins count: a key stays pinned until
    // unpinned as often as pinned. Pins belong to the key, not the entry: a key may be pinned
    // before its entry is inserted, and stays pinned when the entry is replaced or erased.
    void pin(const std::string& key);
    void unpin(const std::string& key);
    [[nodiscard]] bool pinned(const std::string& key) const { return m_pins.contains(key); }

    // Keys to free, least recently used first, until the total fits (entries touched this frame
    // and pinned keys stay, so the budget can be exceeded by what is on screen or pinned). Removes
    // them from the bookkeeping.
    [[nodiscard]] std::vector<std::string> evictions();

  private:
    struct Entry {
        std::size_t bytes;
        std::uint64_t lastFrame;
        std::list<std::string>::iterator order;
    };
    std::size_t m_budget;
    std::size_t m_used = 0;
    std::uint64_t m_frame = 0;
    std::list<std::string> m_order;  // front = most recent
    std::unordered_map<std::string, Entry> m_entries;
    std::unordered_map<std::string, int> m_pins;  // key -> pin count (> 0)
};

}  // namespace cicatrix::render
