// LRU bookkeeping: a recency list (front = most recent) and a map from key to its node and size.
#include "render/lru_budget.hpp"

#include <iterator>

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

void LruBudget::pin(const std::string& key) {
    ++m_pins[key];
}

void LruBudget::unpin(const std::string& key) {
    auto it = m_pins.find(key);
    if (it != m_pins.end() && --it->second <= 0) {
        m_pins.erase(it);
    }
}

std::vector<std::string> LruBudget::evictions() {
    std::vector<std::string> out;
    // Walk from the oldest entry towards the newest, stepping over pinned ones; entries used this
    // frame form the front of the list, so the walk stops at the first of them.
    auto next = m_order.end();
    while (m_used > m_budget && next != m_order.begin()) {
        const auto candidate = std::prev(next);
        if (m_entries.at(*candidate).lastFrame == m_frame) {
            break;
        }
        if (pinned(*candidate)) {
            next = candidate;
            continue;
        }
        out.push_back(*candidate);
        erase(out.back());  // removes `candidate` only; `next` stays valid
    }
    return out;
}

}  // namespace cicatrix::render
