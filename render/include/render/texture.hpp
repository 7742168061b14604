// An OpenGL texture made from CPU pixels: RGBA (GL_RGBA8) or an 8-bit single-channel label / data
// map (GL_R8). Move-only RAII. Main thread only (needs the GL context); prepare pixels on a worker
// with render::toRgba (render/pixel_convert.hpp) and upload here without converting.
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>

namespace cicatrix::render {

// How a GL_R8 texture samples (GL_TEXTURE_SWIZZLE_RGBA); ignored for RGBA textures.
enum class Swizzle {
    None,       // (v, 0, 0, 1): the raw value in red, for shaders that read labels as data
    Gray,       // (v, v, v, 1)
    AlphaMask,  // (1, 1, 1, v): a 0/255 mask drawn in ImGui's tint colour (AddImage's col)
};

struct TextureOptions {
    bool mipmaps = true;   // mipmaps for images over 512 px (zoomed-out views stay smooth)
    bool nearest = false;  // nearest-neighbour filtering: crisp label pixels, no blended classes
    Swizzle swizzle = Swizzle::None;
};

// Layers edited in place: no mipmaps, so an update uploads only the changed rectangle.
inline constexpr TextureOptions kEditableLayer{.mipmaps = false};
// Label maps (one class id per pixel): no mipmaps, nearest filtering.
inline constexpr TextureOptions kLabelMap{.mipmaps = false, .nearest = true};

enum class TextureFormat { Rgba8, R8 };

class Texture {
  public:
    Texture() = default;
    ~Texture();
    Texture(Texture&& other) noexcept;
    Texture& operator=(Texture&& other) noexcept;
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;

    // 8-bit BGR, BGRA or gray; converts to RGBA on the calling thread. Kept for small images
    // (thumbnails); for photos, convert in the decode job with toRgba and call fromRgba.
    [[nodiscard]] static Texture fromBgr(const cv::Mat& image);
    // CV_8UC4 RGBA uploaded as is (ROIs too, without a copy). Invalid texture for other types.
    [[nodiscard]] static Texture fromRgba(const cv::Mat& rgba, const TextureOptions& options = {});
    // CV_8UC1 uploaded as GL_R8: a label map (class id per pixel) or a mask.
    [[nodiscard]] static Texture fromLabels(const cv::Mat& labels,
                                            const TextureOptions& options = kLabelMap);
    // CV_8UC4 as fromRgba, CV_8UC1 as fromLabels (with the given options).
    [[nodiscard]] static Texture fromPixels(const cv::Mat& pixels, const TextureOptions& options);

    // Uploads source(sourceRect) into the texture with its top-left at `destination`, straight
    // from `source`'s memory (GL_UNPACK_ROW_LENGTH / SKIP_PIXELS / SKIP_ROWS; no CPU copy), and
    // restores the unpack state after. `source` has the texture's type (CV_8UC4 for RGBA, CV_8UC1
    // for R8) and may be a ROI. Mipmaps, if any, are regenerated (whole texture: editable layers
    // should be made without). Returns false, changing nothing, when the types do not match or a
    // rectangle falls outside `source` or the texture.
    bool update(const cv::Mat& source, cv::Rect sourceRect, cv::Point destination);
    // The same rectangle of a full-size image: the texture's copy of `source` is refreshed in
    // `rect`.
    bool update(const cv::Mat& source, cv::Rect rect) { return update(source, rect, rect.tl()); }

    [[nodiscard]] bool valid() const { return m_id != 0; }
    [[nodiscard]] std::uint32_t id() const { return m_id; }
    [[nodiscard]] void* imguiId() const {
        return reinterpret_cast<void*>(static_cast<std::uintptr_t>(m_id));
    }
    [[nodiscard]] int width() const { return m_width; }
    [[nodiscard]] int height() const { return m_height; }
    [[nodiscard]] cv::Size size() const { return {m_width, m_height}; }
    [[nodiscard]] TextureFormat format() const { return m_format; }
    [[nodiscard]] bool hasMipmaps() const { return m_mipmaps; }
    [[nodiscard]] std::size_t bytes() const { return m_bytes; }

  private:
    std::uint32_t m_id = 0;
    int m_width = 0;
    int m_height = 0;
    TextureFormat m_format = TextureFormat::Rgba8;
    bool m_mipmaps = false;
    std::size_t m_bytes = 0;
};

// GL_MAX_TEXTURE_SIZE of the current context. Main thread only.
[[nodiscard]] int maxTextureSize();

}  // namespace cicatrix::render
