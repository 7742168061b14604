// One line of text cut to the room it has: what a narrow panel shows instead of a word clipped
// mid-way. Main thread only (ImGui's current font).
#pragma once

#include <imgui.h>

#include <string>

namespace cicatrix::workstation {

// `text` cut (at a UTF-8 character boundary, with "…") to fit `width` pixels.
[[nodiscard]] std::string fitText(const std::string& text, float width);

// `text` in `colour` on the rest of the current line, cut to fit; hovering a cut one shows it all.
void fittedText(const ImVec4& colour, const std::string& text);

}  // namespace cicatrix::workstation
