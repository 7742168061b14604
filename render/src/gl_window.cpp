// GLFW window, GL 3.3 core context, ImGui context and backends, font, drag-and-drop.
#include "render/gl_window.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "render/framebuffer_capture.hpp"
#include "render/keys.hpp"
#include "render/ui_font.hpp"

namespace cicatrix::render {

std::unique_ptr<GlWindow> GlWindow::create(const WindowOptions& options, std::string& error) {
    glfwSetErrorCallback([](int code, const char* text) {
        std::fprintf(stderr, "GLFW error %d: %s\n", code, text);
    });
    if (glfwInit() == GLFW_FALSE) {
        error = "cannot initialise GLFW (is there a display? set DISPLAY or run under xvfb-run)";
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_MAXIMIZED, options.maximized ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* window =
        glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (window == nullptr) {
        glfwTerminate();
        error = "cannot create an OpenGL 3.3 core window";
        return nullptr;
    }
    if (options.x >= 0 && options.y >= 0) {
        glfwSetWindowPos(window, options.x, options.y);
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    auto self = std::unique_ptr<GlWindow>(new GlWindow());
    self->m_window = window;
    self->m_iniPath = options.imguiIniPath;
    glfwSetWindowUserPointer(window, self.get());
    glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
        auto* me = static_cast<GlWindow*>(glfwGetWindowUserPointer(w));
        for (int i = 0; i < count; ++i) {
            me->m_dropped.emplace_back(paths[i]);
        }
    });
    // Installed before ImGui's backend, which chains to it: presses are recorded even when a press
    // and its release arrive within one frame.
    glfwSetKeyCallback(window, [](GLFWwindow*, int key, int, int action, int mods) {
        recordKeyEvent(key, action, mods);
    });
    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window, &sx, &sy);
    self->m_contentScale = std::max(1.0f, std::max(sx, sy));

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = self->m_iniPath.empty() ? nullptr : self->m_iniPath.c_str();
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.WindowBorderSize = 0.0f;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.13f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.09f, 0.10f, 0.11f, 1.0f);
    const UiFontResult font = loadUiFont(options.fontPixelSize, self->m_contentScale);
    self->m_fontPath = font.path;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return self;
}

GlWindow::~GlWindow() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

bool GlWindow::shouldClose() const {
    return glfwWindowShouldClose(m_window) != 0;
}
void GlWindow::requestClose() {
    glfwSetWindowShouldClose(m_window, GLFW_TRUE);
}
void GlWindow::waitEvents(double timeoutSeconds) {
    glfwWaitEventsTimeout(timeoutSeconds);
}
void GlWindow::pollEvents() {
    glfwPollEvents();
}
void GlWindow::postEmptyEvent() {
    glfwPostEmptyEvent();
}

void GlWindow::beginFrame() {
    beginKeyFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

void GlWindow::renderImGui() {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GlWindow::endFrame() {
    renderImGui();
    swap();
}

cv::Mat GlWindow::captureBeforeSwap() {
    renderImGui();
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return captureFramebuffer(w, h);
}

void GlWindow::swap() {
    glfwSwapBuffers(m_window);
}

void GlWindow::windowGeometry(int& x, int& y, int& width, int& height, bool& maximized) const {
    glfwGetWindowPos(m_window, &x, &y);
    glfwGetWindowSize(m_window, &width, &height);
    maximized = glfwGetWindowAttrib(m_window, GLFW_MAXIMIZED) != 0;
}

std::vector<std::string> GlWindow::takeDroppedPaths() {
    return std::exchange(m_dropped, {});
}

}  // namespace cicatrix::render
