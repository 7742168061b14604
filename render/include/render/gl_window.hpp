// The application window: GLFW + OpenGL 3.3 core context + Dear ImGui with its GLFW/OpenGL3
// backends. Main thread only (except postEmptyEvent, which any thread may call).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

struct GLFWwindow;

namespace cicatrix::render {

struct WindowOptions {
    std::string title = "Cicatrix";
    int width = 1600;
    int height = 1000;
    int x = -1, y = -1;  // -1: let the window manager place it
    bool maximized = false;
    std::string imguiIniPath;  // where ImGui keeps its window layout; empty disables it
    float fontPixelSize = 16.0f;
};

class GlWindow {
  public:
    static std::unique_ptr<GlWindow> create(const WindowOptions& options, std::string& error);
    ~GlWindow();
    GlWindow(const GlWindow&) = delete;
    GlWindow& operator=(const GlWindow&) = delete;

    [[nodiscard]] bool shouldClose() const;
    void requestClose();
    void waitEvents(double timeoutSeconds);  // sleeps until input, a post, or the timeout
    void pollEvents();
    static void postEmptyEvent();  // thread-safe: wakes waitEvents

    void beginFrame();
    void endFrame();                            // renders ImGui and swaps
    [[nodiscard]] cv::Mat captureBeforeSwap();  // renders ImGui and returns the frame (no swap)
    void swap();

    [[nodiscard]] float contentScale() const { return m_contentScale; }
    [[nodiscard]] std::string fontPath() const { return m_fontPath; }
    void windowGeometry(int& x, int& y, int& width, int& height, bool& maximized) const;

    // Files dropped onto the window since the last call.
    [[nodiscard]] std::vector<std::string> takeDroppedPaths();

  private:
    GlWindow() = default;
    void renderImGui();
    GLFWwindow* m_window = nullptr;
    float m_contentScale = 1.0f;
    std::string m_fontPath;
    std::string m_iniPath;
    std::vector<std::string> m_dropped;
};

}  // namespace cicatrix::render
