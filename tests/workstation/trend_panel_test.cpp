// The trend panel drawn in a headless Dear ImGui frame (no window, no GL): an analysis of another
// wound arriving before the newly selected wound's timeline must not be read as this wound's
// (it used to take rows.front() of an empty list).
#include <gtest/gtest.h>
#include <imgui.h>

#include "workstation/gui/trend_panel.hpp"

namespace cicatrix::workstation {
namespace {

class NoTextures final : public TextureProvider {
  public:
    const render::Texture* thumbnail(const Photo&) override { return nullptr; }
    const render::TiledTexture* fullImage(const Photo&) override { return nullptr; }
    std::optional<OverlayView> overlay(const Photo&, const Analysis&) override {
        return std::nullopt;
    }
    std::string failure(const Photo&) const override { return {}; }
};

// Draws `panel` over `state` in one ImGui frame; returns the number of vertices it produced.
int drawOneFrame(Panel& panel, const AppState& state) {
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
    ImGui::Begin("trend");
    std::vector<Intent> intents;
    NoTextures textures;
    FrameRecord record;
    const StatusInfo status;
    DrawContext ctx{intents, textures, record, status, 0.0};
    panel.draw(state, ctx);
    ImGui::End();
    ImGui::Render();
    const int vertices = ImGui::GetDrawData()->TotalVtxCount;
    ImGui::DestroyContext();
    return vertices;
}

AppState stateWithWound() {
    AppState state;
    WoundSummary wound;
    wound.wound.id = 7;
    state.wounds.push_back(wound);
    state.selectedWoundId = 7;
    return state;
}

TEST(TrendPanel, AnalysisOfAnotherWoundBeforeTheTimelineIsNotDrawn) {
    AppState state = stateWithWound();  // timeline not loaded yet
    Analysis other;
    other.id = 1;
    other.photoId = 99;  // a photo of the previously selected wound
    other.areaPx = 1000;
    state.analyses[99] = other;
    EXPECT_GT(drawOneFrame(*std::make_unique<TrendPanel>(), state),
              0);  // the "no analysis yet" line
}

TEST(TrendPanel, DrawsTheChartOnceThisWoundsAnalysesArrive) {
    AppState state = stateWithWound();
    const int empty = drawOneFrame(*std::make_unique<TrendPanel>(), state);
    for (int i = 0; i < 2; ++i) {
        Photo photo;
        photo.id = 10 + i;
        photo.woundId = 7;
        photo.capturedAt = i == 0 ? "2026-03-02T10:00:00" : "2026-03-16T10:00:00";
        state.timeline.push_back(photo);
        Analysis a;
        a.id = 20 + i;
        a.photoId = photo.id;
        a.areaPx = 1000.0 - 200.0 * i;
        a.areaCm2 = 4.0 - i;
        a.sloughPct = 50;
        state.analyses[photo.id] = a;
    }
    EXPECT_GT(drawOneFrame(*std::make_unique<TrendPanel>(), state), empty * 3)
        << "axes, grid and series are drawn";
}

}  // namespace
}  // namespace cicatrix::workstation
