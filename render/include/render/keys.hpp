// Keyboard queries by name, so panels need not know the windowing backend's key codes
// (Dear ImGui 1.86 indexes keys by GLFW code). Main thread only, inside a frame.
#pragma once

namespace cicatrix::render {

enum class Key { Left, Right, Up, Down, Home, End, Escape, F, I, One, Plus, Minus, KeypadPlus, KeypadMinus, Slash, F1 };

[[nodiscard]] bool keyPressed(Key key, bool repeat = true);

}  // namespace cicatrix::render
