// Keyboard shortcuts by name. Key presses are recorded from GLFW's key callback, so a press and
// release that fall within one frame (fast typing, scripted input) are not lost, as they are with
// Dear ImGui 1.86's polled key state. Main thread only.
#pragma once

namespace cicatrix::render {

enum class Key {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    Escape,
    F,
    I,
    One,
    Plus,
    Minus,
    KeypadPlus,
    KeypadMinus,
    Slash,
    F1,
    A,
    O,
    Q,
    S,
    // The Annotate workspace: class hotkeys, brush size, undo/redo, tool keys.
    Zero,
    Two,
    Three,
    Four,
    Five,
    Six,
    Seven,
    LeftBracket,
    RightBracket,
    Z,
    Y,
    B,
    E,
    P,
    G,
    Enter,
    F2,
    F3,
    // Compare and Triage: workspace keys, inbox navigation, note, layout, link, flicker.
    F4,
    F5,
    J,
    K,
    N,
    L,
    Tab
};

inline constexpr int kCtrl = 1;
inline constexpr int kShift = 2;

// True when `key` went down (or auto-repeated) since the previous frame with every modifier in
// `mods` held; Ctrl must not be held unless asked for, so Ctrl+F is not F.
[[nodiscard]] bool keyPressed(Key key, int mods = 0);

// Called by GlWindow: record a GLFW key event; start a new frame's set of presses.
void recordKeyEvent(int glfwKey, int glfwAction, int glfwMods);
void beginKeyFrame();

}  // namespace cicatrix::render
