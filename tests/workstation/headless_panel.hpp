// A panel drawn in one headless Dear ImGui frame (no window, no GL): what it produced (vertices)
// and what it recorded (texts and rects the user would read).
#pragma once

#include <imgui.h>

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation::testing {

class NoTextures final : public TextureProvider {
  public:
    const render::Texture* thumbnail(const Photo&) override { return nullptr; }
    const render::TiledTexture* fullImage(const Photo&) override { return nullptr; }
    std::optional<OverlayView> overlay(const Photo&, const Analysis&) override {
        return std::nullopt;
    }
    std::string failure(const Photo&) const override { return {}; }
};

struct HeadlessFrame {
    int vertices = 0;
    FrameRecord record;
};

inline HeadlessFrame drawOneFrame(Panel& panel, const AppState& state) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1200, 300);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);  // a sized window is drawn in its first frame
    ImGui::Begin("panel");
    std::vector<Intent> intents;
    NoTextures textures;
    HeadlessFrame frame;
    const StatusInfo status;
    DrawContext ctx{intents, textures, frame.record, status, 0.0};
    panel.draw(state, ctx);
    ImGui::End();
    ImGui::Render();
    frame.vertices = ImGui::GetDrawData()->TotalVtxCount;
    ImGui::DestroyContext();
    return frame;
}

}  // namespace cicatrix::workstation::testing
