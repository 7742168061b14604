// Presses recorded between frames; queried by name during the frame.
#include "render/keys.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace cicatrix::render {

namespace {
struct Press {
    int key;
    int mods;
};
std::vector<Press> g_pending;  // since the last frame began
std::vector<Press> g_frame;    // the current frame's

int glfwCode(Key key) {
    switch (key) {
        case Key::Left:
            return GLFW_KEY_LEFT;
        case Key::Right:
            return GLFW_KEY_RIGHT;
        case Key::Up:
            return GLFW_KEY_UP;
        case Key::Down:
            return GLFW_KEY_DOWN;
        case Key::Home:
            return GLFW_KEY_HOME;
        case Key::End:
            return GLFW_KEY_END;
        case Key::Escape:
            return GLFW_KEY_ESCAPE;
        case Key::F:
            return GLFW_KEY_F;
        case Key::I:
            return GLFW_KEY_I;
        case Key::One:
            return GLFW_KEY_1;
        case Key::Plus:
            return GLFW_KEY_EQUAL;
        case Key::Minus:
            return GLFW_KEY_MINUS;
        case Key::KeypadPlus:
            return GLFW_KEY_KP_ADD;
        case Key::KeypadMinus:
            return GLFW_KEY_KP_SUBTRACT;
        case Key::Slash:
            return GLFW_KEY_SLASH;
        case Key::F1:
            return GLFW_KEY_F1;
        case Key::A:
            return GLFW_KEY_A;
        case Key::O:
            return GLFW_KEY_O;
        case Key::Q:
            return GLFW_KEY_Q;
        case Key::S:
            return GLFW_KEY_S;
        case Key::Zero:
            return GLFW_KEY_0;
        case Key::Two:
            return GLFW_KEY_2;
        case Key::Three:
            return GLFW_KEY_3;
        case Key::Four:
            return GLFW_KEY_4;
        case Key::Five:
            return GLFW_KEY_5;
        case Key::Six:
            return GLFW_KEY_6;
        case Key::Seven:
            return GLFW_KEY_7;
        case Key::LeftBracket:
            return GLFW_KEY_LEFT_BRACKET;
        case Key::RightBracket:
            return GLFW_KEY_RIGHT_BRACKET;
        case Key::Z:
            return GLFW_KEY_Z;
        case Key::Y:
            return GLFW_KEY_Y;
        case Key::B:
            return GLFW_KEY_B;
        case Key::E:
            return GLFW_KEY_E;
        case Key::P:
            return GLFW_KEY_P;
        case Key::G:
            return GLFW_KEY_G;
        case Key::Enter:
            return GLFW_KEY_ENTER;
        case Key::F2:
            return GLFW_KEY_F2;
        case Key::F3:
            return GLFW_KEY_F3;
        case Key::F4:
            return GLFW_KEY_F4;
        case Key::F5:
            return GLFW_KEY_F5;
        case Key::J:
            return GLFW_KEY_J;
        case Key::K:
            return GLFW_KEY_K;
        case Key::N:
            return GLFW_KEY_N;
        case Key::L:
            return GLFW_KEY_L;
        case Key::Tab:
            return GLFW_KEY_TAB;
    }
    return GLFW_KEY_UNKNOWN;
}
}  // namespace

void recordKeyEvent(int glfwKey, int glfwAction, int glfwMods) {
    if (glfwAction == GLFW_PRESS || glfwAction == GLFW_REPEAT) {
        int mods = 0;
        mods |= (glfwMods & GLFW_MOD_CONTROL) != 0 ? kCtrl : 0;
        mods |= (glfwMods & GLFW_MOD_SHIFT) != 0 ? kShift : 0;
        g_pending.push_back({glfwKey, mods});
    }
}

void beginKeyFrame() {
    g_frame = std::exchange(g_pending, {});
}

bool keyPressed(Key key, int mods) {
    const int code = glfwCode(key);
    return std::ranges::any_of(g_frame, [&](const Press& p) {
        const bool ctrlOk = (mods & kCtrl) != 0 ? (p.mods & kCtrl) != 0 : (p.mods & kCtrl) == 0;
        const bool shiftOk = (mods & kShift) == 0 || (p.mods & kShift) != 0;
        return p.key == code && ctrlOk && shiftOk;
    });
}

}  // namespace cicatrix::render
