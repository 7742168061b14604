// Font search over Debian's font locations; ImGui style scaled with the same factor.
#include "render/ui_font.hpp"

#include <imgui.h>

#include <array>
#include <filesystem>

namespace cicatrix::render {

UiFontResult loadUiFont(float basePixelSize, float contentScale) {
    static constexpr std::array<const char*, 3> kCandidates{
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    };
    ImGuiIO& io = ImGui::GetIO();
    const float scale = contentScale > 0.5f ? contentScale : 1.0f;
    ImGui::GetStyle().ScaleAllSizes(scale);
    for (const char* path : kCandidates) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            continue;
        }
        ImFontConfig config;
        config.OversampleH = 2;
        config.OversampleV = 2;
        static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2190,
                                          0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0};
        if (io.Fonts->AddFontFromFileTTF(path, basePixelSize * scale, &config, kRanges) !=
            nullptr) {
            return {true, path};
        }
    }
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    io.Fonts->AddFontDefault(&config);
    return {false, {}};
}

}  // namespace cicatrix::render
