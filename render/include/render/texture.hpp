// An OpenGL texture made from CPU pixels (cv::Mat BGR or BGRA, 8-bit). Move-only RAII.
// Main thread only (needs the GL context). Large images get mipmaps so zoomed-out views stay
// smooth.
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>

namespace cicatrix::render {

class Texture {
  public:
    Texture() = default;
    ~Texture();
    Texture(Texture&& other) noexcept;
    Texture& operator=(Texture&& other) noexcept;
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;

    [[nodiscard]] static Texture fromBgr(const cv::Mat& image);

    [[nodiscard]] bool valid() const { return m_id != 0; }
    [[nodiscard]] std::uint32_t id() const { return m_id; }
    [[nodiscard]] void* imguiId() const {
        return reinterpret_cast<void*>(static_cast<std::uintptr_t>(m_id));
    }
    [[nodiscard]] int width() const { return m_width; }
    [[nodiscard]] int height() const { return m_height; }
    [[nodiscard]] std::size_t bytes() const { return m_bytes; }

  private:
    std::uint32_t m_id = 0;
    int m_width = 0;
    int m_height = 0;
    std::size_t m_bytes = 0;
};

}  // namespace cicatrix::render
