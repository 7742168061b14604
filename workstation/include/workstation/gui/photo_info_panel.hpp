// The selected photo: metadata (capture time and where it came from, source, size, file, hash)
// and its latest measurement (area, calibration, model, experimental tissue shares, overlay
// controls). Main thread only.
#pragma once

#include "workstation/gui/app_state.hpp"
#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

class PhotoInfoPanel final : public Panel {
  public:
    void draw(const AppState& state, DrawContext& ctx) override;

  private:
    void drawMeasurement(const AppState& state, const Photo& photo, DrawContext& ctx);
    void drawCalibration(const AppState& state, const Photo& photo, DrawContext& ctx);
    double m_lengthMm = 10.0;  // typed ruler length
};

}  // namespace cicatrix::workstation
