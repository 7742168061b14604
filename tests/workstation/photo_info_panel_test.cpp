// The photo panel's measurement rows drawn in a headless Dear ImGui frame (headless_panel.hpp):
// a calibrated analysis that lacks some millimetre figures (a row written by hand or by an older
// version) draws what it has instead of reading an empty value.
#include <gtest/gtest.h>

#include <algorithm>

#include "headless_panel.hpp"
#include "workstation/gui/photo_info_panel.hpp"

namespace cicatrix::workstation {
namespace {

bool recorded(const FrameRecord& record, const std::string& key) {
    return std::ranges::any_of(record.texts, [&](const auto& t) { return t.what == key; });
}

std::string text(const FrameRecord& record, const std::string& key) {
    const auto it =
        std::ranges::find_if(record.texts, [&](const auto& t) { return t.what == key; });
    return it == record.texts.end() ? std::string() : it->text;
}

AppState stateWithAnalysedPhoto(const Analysis& analysis) {
    AppState state;
    Photo photo;
    photo.id = analysis.photoId;
    photo.woundId = 7;
    photo.capturedAt = "2026-03-02T10:00:00";
    state.timeline.push_back(photo);
    state.viewport().photoId = photo.id;
    state.analyses[photo.id] = analysis;
    return state;
}

Analysis calibratedAnalysis() {
    Analysis a;
    a.id = 3;
    a.photoId = 10;
    a.createdAt = "2026-03-02T10:05:00Z";
    a.areaPx = 40000;
    a.lengthPx = 300;
    a.widthPx = 180;
    a.calibrationSource = "aruco";
    a.mmPerPixel = 0.05;
    a.areaCm2 = 1.0;
    a.perimeterMm = 52.5;
    a.lengthMm = 15.0;
    a.widthMm = 9.0;
    return a;
}

TEST(PhotoInfoPanel, ACalibratedAnalysisShowsItsPerimeter) {
    const AppState state = stateWithAnalysedPhoto(calibratedAnalysis());
    PhotoInfoPanel panel;
    const auto frame = testing::drawOneFrame(panel, state);
    EXPECT_EQ(text(frame.record, "info:Perimeter"), "52.5 mm");
    EXPECT_EQ(text(frame.record, "info:Length × width"), "15.0 × 9.0 mm");
}

TEST(PhotoInfoPanel, ACalibratedAnalysisWithoutMillimetreFiguresDrawsTheRest) {
    Analysis a = calibratedAnalysis();
    a.perimeterMm.reset();
    a.widthMm.reset();
    const AppState state = stateWithAnalysedPhoto(a);
    PhotoInfoPanel panel;
    const auto frame = testing::drawOneFrame(panel, state);
    EXPECT_FALSE(recorded(frame.record, "info:Perimeter"));
    EXPECT_EQ(text(frame.record, "info:Length × width"), "300 × 180 px");
    EXPECT_TRUE(recorded(frame.record, "info:Area"));
    EXPECT_TRUE(recorded(frame.record, "info:Outline"));
}

}  // namespace
}  // namespace cicatrix::workstation
