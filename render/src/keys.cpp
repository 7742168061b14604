// Key name → GLFW key code → ImGui::IsKeyPressed.
#include "render/keys.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace cicatrix::render {

bool keyPressed(Key key, bool repeat) {
    int code = GLFW_KEY_UNKNOWN;
    switch (key) {
        case Key::Left: code = GLFW_KEY_LEFT; break;
        case Key::Right: code = GLFW_KEY_RIGHT; break;
        case Key::Up: code = GLFW_KEY_UP; break;
        case Key::Down: code = GLFW_KEY_DOWN; break;
        case Key::Home: code = GLFW_KEY_HOME; break;
        case Key::End: code = GLFW_KEY_END; break;
        case Key::Escape: code = GLFW_KEY_ESCAPE; break;
        case Key::F: code = GLFW_KEY_F; break;
        case Key::I: code = GLFW_KEY_I; break;
        case Key::One: code = GLFW_KEY_1; break;
        case Key::Plus: code = GLFW_KEY_EQUAL; break;
        case Key::Minus: code = GLFW_KEY_MINUS; break;
        case Key::KeypadPlus: code = GLFW_KEY_KP_ADD; break;
        case Key::KeypadMinus: code = GLFW_KEY_KP_SUBTRACT; break;
        case Key::Slash: code = GLFW_KEY_SLASH; break;
        case Key::F1: code = GLFW_KEY_F1; break;
    }
    return ImGui::IsKeyPressed(code, repeat);
}

}  // namespace cicatrix::render
