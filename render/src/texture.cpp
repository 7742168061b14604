// Texture upload with glTexImage2D / glTexSubImage2D straight from cv::Mat memory (unpack row
// length and skips, state saved and restored); glGenerateMipmap is fetched through GLFW (GL 3.0).
#include "render/texture.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <utility>

#include "render/pixel_convert.hpp"

namespace cicatrix::render {

namespace {
using GenerateMipmapFn = void (*)(GLenum);
GenerateMipmapFn generateMipmap() {
    static auto fn = reinterpret_cast<GenerateMipmapFn>(glfwGetProcAddress("glGenerateMipmap"));
    return fn;
}

// Saves the pixel-unpack state and the 2D texture binding; puts them back when it goes.
class GlStateGuard {
  public:
    GlStateGuard() {
        glGetIntegerv(GL_UNPACK_ALIGNMENT, &m_alignment);
        glGetIntegerv(GL_UNPACK_ROW_LENGTH, &m_rowLength);
        glGetIntegerv(GL_UNPACK_SKIP_PIXELS, &m_skipPixels);
        glGetIntegerv(GL_UNPACK_SKIP_ROWS, &m_skipRows);
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &m_binding);
    }
    ~GlStateGuard() {
        glPixelStorei(GL_UNPACK_ALIGNMENT, m_alignment);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, m_rowLength);
        glPixelStorei(GL_UNPACK_SKIP_PIXELS, m_skipPixels);
        glPixelStorei(GL_UNPACK_SKIP_ROWS, m_skipRows);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(m_binding));
    }
    GlStateGuard(const GlStateGuard&) = delete;
    GlStateGuard& operator=(const GlStateGuard&) = delete;

  private:
    GLint m_alignment = 4, m_rowLength = 0, m_skipPixels = 0, m_skipRows = 0, m_binding = 0;
};

// Rows of `source` lie step bytes apart: tell GL so, with byte alignment so that the row length
// alone sets the stride. Only valid when the step is a whole number of pixels (checked by callers).
void setUnpack(const cv::Mat& source, int skipPixels, int skipRows) {
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(source.step[0] / source.elemSize()));
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, skipPixels);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, skipRows);
}

bool wholePixelStep(const cv::Mat& m) {
    return m.step[0] % m.elemSize() == 0;
}

GLenum glFormat(TextureFormat format) {
    return format == TextureFormat::R8 ? GL_RED : GL_RGBA;
}

void setSwizzle(Swizzle swizzle) {
    GLint rgba[4] = {GL_RED, GL_ZERO, GL_ZERO, GL_ONE};
    if (swizzle == Swizzle::Gray) {
        rgba[1] = GL_RED;
        rgba[2] = GL_RED;
    } else if (swizzle == Swizzle::AlphaMask) {
        rgba[0] = GL_ONE;
        rgba[1] = GL_ONE;
        rgba[2] = GL_ONE;
        rgba[3] = GL_RED;
    }
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, rgba);
}
}  // namespace

Texture::~Texture() {
    if (m_id != 0) {
        GLuint id = m_id;
        glDeleteTextures(1, &id);
    }
}

Texture::Texture(Texture&& other) noexcept
    : m_id(std::exchange(other.m_id, 0)),
      m_width(other.m_width),
      m_height(other.m_height),
      m_format(other.m_format),
      m_mipmaps(other.m_mipmaps),
      m_bytes(other.m_bytes) {}

Texture& Texture::operator=(Texture&& other) noexcept {
    if (this != &other) {
        Texture dying(std::move(*this));
        m_id = std::exchange(other.m_id, 0);
        m_width = other.m_width;
        m_height = other.m_height;
        m_format = other.m_format;
        m_mipmaps = other.m_mipmaps;
        m_bytes = other.m_bytes;
    }
    return *this;
}

Texture Texture::fromBgr(const cv::Mat& image) {
    return fromRgba(toRgba(image));
}

Texture Texture::fromRgba(const cv::Mat& rgba, const TextureOptions& options) {
    return rgba.type() == CV_8UC4 ? fromPixels(rgba, options) : Texture{};
}

Texture Texture::fromLabels(const cv::Mat& labels, const TextureOptions& options) {
    return labels.type() == CV_8UC1 ? fromPixels(labels, options) : Texture{};
}

Texture Texture::fromPixels(const cv::Mat& pixels, const TextureOptions& options) {
    Texture t;
    if (pixels.empty() || (pixels.type() != CV_8UC4 && pixels.type() != CV_8UC1)) {
        return t;
    }
    const cv::Mat source = wholePixelStep(pixels) ? pixels : pixels.clone();
    const TextureFormat format =
        pixels.type() == CV_8UC1 ? TextureFormat::R8 : TextureFormat::Rgba8;
    const GlStateGuard guard;
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    setUnpack(source, 0, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, format == TextureFormat::R8 ? GL_R8 : GL_RGBA8, source.cols,
                 source.rows, 0, glFormat(format), GL_UNSIGNED_BYTE, source.data);
    const bool mipmaps =
        options.mipmaps && std::max(source.cols, source.rows) > 512 && generateMipmap() != nullptr;
    if (mipmaps) {
        generateMipmap()(GL_TEXTURE_2D);
    } else {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    }
    const GLint minFilter = options.nearest ? (mipmaps ? GL_NEAREST_MIPMAP_NEAREST : GL_NEAREST)
                                            : (mipmaps ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, minFilter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, options.nearest ? GL_NEAREST : GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    if (format == TextureFormat::R8 && options.swizzle != Swizzle::None) {
        setSwizzle(options.swizzle);
    }
    t.m_id = id;
    t.m_width = source.cols;
    t.m_height = source.rows;
    t.m_format = format;
    t.m_mipmaps = mipmaps;
    const std::size_t base =
        static_cast<std::size_t>(source.cols) * source.rows * source.elemSize();
    t.m_bytes = mipmaps ? base * 4 / 3 : base;
    return t;
}

bool Texture::update(const cv::Mat& source, cv::Rect sourceRect, cv::Point destination) {
    const int type = m_format == TextureFormat::R8 ? CV_8UC1 : CV_8UC4;
    if (m_id == 0 || source.type() != type || sourceRect.empty()) {
        return false;
    }
    const cv::Rect within(0, 0, source.cols, source.rows);
    const cv::Rect target(destination, sourceRect.size());
    if ((sourceRect & within) != sourceRect ||
        (target & cv::Rect(0, 0, m_width, m_height)) != target) {
        return false;
    }
    cv::Mat copy;  // only when rows are not a whole number of pixels apart (never for OpenCV's own)
    const cv::Mat* from = &source;
    cv::Point skip = sourceRect.tl();
    if (!wholePixelStep(source)) {
        copy = source(sourceRect).clone();
        from = &copy;
        skip = {0, 0};
    }
    const GlStateGuard guard;
    glBindTexture(GL_TEXTURE_2D, m_id);
    setUnpack(*from, skip.x, skip.y);
    glTexSubImage2D(GL_TEXTURE_2D, 0, target.x, target.y, target.width, target.height,
                    glFormat(m_format), GL_UNSIGNED_BYTE, from->data);
    if (m_mipmaps) {
        generateMipmap()(GL_TEXTURE_2D);
    }
    return true;
}

int maxTextureSize() {
    GLint size = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &size);
    return size;
}

}  // namespace cicatrix::render
