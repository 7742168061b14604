// For render's GL tests: one hidden GLFW window with a GL 3.3 core context per test process, and
// texture read-back. The executable needs a display; CTest runs it under xvfb-run (Mesa llvmpipe).
#pragma once

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "render/texture.hpp"

namespace cicatrix::render::test {

inline bool glContextReady() {
    static const bool ready = [] {
        if (glfwInit() == GLFW_FALSE) {
            return false;
        }
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        GLFWwindow* window = glfwCreateWindow(64, 64, "render_gl_tests", nullptr, nullptr);
        if (window == nullptr) {
            return false;
        }
        glfwMakeContextCurrent(window);
        return true;
    }();
    return ready;
}

class GlTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(glContextReady()) << "no OpenGL 3.3 context: run under xvfb-run";
    }
};

// The texture's pixels at `level`, read back with glGetTexImage (CV_8UC4 or CV_8UC1).
inline cv::Mat readBack(const Texture& texture, int level = 0) {
    glBindTexture(GL_TEXTURE_2D, texture.id());
    GLint w = 0, h = 0;
    glGetTexLevelParameteriv(GL_TEXTURE_2D, level, GL_TEXTURE_WIDTH, &w);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, level, GL_TEXTURE_HEIGHT, &h);
    const bool r8 = texture.format() == TextureFormat::R8;
    cv::Mat out(h, w, r8 ? CV_8UC1 : CV_8UC4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, level, r8 ? GL_RED : GL_RGBA, GL_UNSIGNED_BYTE, out.data);
    glBindTexture(GL_TEXTURE_2D, 0);
    return out;
}

inline cv::Mat randomImage(int width, int height, int type, int seed) {
    cv::Mat m(height, width, type);
    cv::RNG rng(static_cast<std::uint64_t>(seed));
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}

inline bool samePixels(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

}  // namespace cicatrix::render::test
