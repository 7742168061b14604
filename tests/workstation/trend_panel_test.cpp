// The trend panel drawn in a headless Dear ImGui frame (headless_panel.hpp): an analysis of another
// wound arriving before the newly selected wound's timeline must not be read as this wound's
// (it used to take rows.front() of an empty list).
#include <gtest/gtest.h>
#include <imgui.h>

#include "headless_panel.hpp"
#include "workstation/gui/trend_panel.hpp"

namespace cicatrix::workstation {
namespace {

using testing::drawOneFrame;

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
    EXPECT_GT(drawOneFrame(*std::make_unique<TrendPanel>(), state).vertices,
              0);  // the "no analysis yet" line
}

TEST(TrendPanel, DrawsTheChartOnceThisWoundsAnalysesArrive) {
    AppState state = stateWithWound();
    const int empty = drawOneFrame(*std::make_unique<TrendPanel>(), state).vertices;
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
    EXPECT_GT(drawOneFrame(*std::make_unique<TrendPanel>(), state).vertices, empty * 3)
        << "axes, grid and series are drawn";
}

}  // namespace
}  // namespace cicatrix::workstation
