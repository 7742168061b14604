// Texture upload with glTexImage2D; glGenerateMipmap is fetched through GLFW (GL 3.0 entry point).
#include "render/texture.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <opencv2/imgproc.hpp>

#include <utility>

namespace cicatrix::render {

namespace {
using GenerateMipmapFn = void (*)(GLenum);
GenerateMipmapFn generateMipmap() {
    static auto fn = reinterpret_cast<GenerateMipmapFn>(glfwGetProcAddress("glGenerateMipmap"));
    return fn;
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
      m_bytes(other.m_bytes) {}

Texture& Texture::operator=(Texture&& other) noexcept {
    if (this != &other) {
        Texture dying(std::move(*this));
        m_id = std::exchange(other.m_id, 0);
        m_width = other.m_width;
        m_height = other.m_height;
        m_bytes = other.m_bytes;
    }
    return *this;
}

Texture Texture::fromBgr(const cv::Mat& image) {
    Texture t;
    if (image.empty() || image.depth() != CV_8U) {
        return t;
    }
    cv::Mat rgba;
    if (image.channels() == 3) {
        cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
    } else if (image.channels() == 4) {
        cv::cvtColor(image, rgba, cv::COLOR_BGRA2RGBA);
    } else {
        cv::cvtColor(image, rgba, cv::COLOR_GRAY2RGBA);
    }
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(rgba.step / 4));
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, rgba.cols, rgba.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba.data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    const bool mipmaps = std::max(rgba.cols, rgba.rows) > 512 && generateMipmap() != nullptr;
    if (mipmaps) {
        generateMipmap()(GL_TEXTURE_2D);
    }
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER,
                    mipmaps ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, 0x812F);  // GL_CLAMP_TO_EDGE
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, 0x812F);
    t.m_id = id;
    t.m_width = rgba.cols;
    t.m_height = rgba.rows;
    t.m_bytes = static_cast<std::size_t>(rgba.cols) * rgba.rows * 4 * (mipmaps ? 4 : 3) / 3;
    return t;
}

}  // namespace cicatrix::render
