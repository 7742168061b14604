// Loads the UI font (DejaVu Sans from Debian's fonts-dejavu-core) into ImGui at a pixel size
// scaled for the monitor's content scale. Main thread only, before the first frame.
#pragma once

#include <string>

namespace cicatrix::render {

struct UiFontResult {
    bool loaded = false;  // false: ImGui's built-in font is used
    std::string path;     // the font file used
};

UiFontResult loadUiFont(float basePixelSize, float contentScale);

}  // namespace cicatrix::render
