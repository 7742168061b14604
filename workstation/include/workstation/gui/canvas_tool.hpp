// The canvas's active-tool slot: a tool gets the pointer in image pixels, turns what the user
// does into intents, and draws its own marks over the photo. Today the ruler; brush, polygon
// and the other annotation tools plug in here next. Main thread only.
#pragma once

#include <vector>

#include "render/view_transform.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/intents.hpp"

struct ImDrawList;

namespace cicatrix::workstation {

// The pointer over the canvas, in image pixels, for this frame.
struct CanvasPointer {
    render::Vec2 image;
    bool hovered = false;
    bool pressed = false;   // left button went down on the canvas this frame
    bool dragging = false;  // left button held and moved since it went down on the canvas
    bool released = false;
};

// Where the photo is on screen this frame.
struct CanvasView {
    render::Viewport viewport;
    render::ViewTransform view;
    [[nodiscard]] render::Vec2 toScreen(render::Vec2 image) const {
        return render::imageToScreen(view, viewport, image);
    }
};

class CanvasTool {
  public:
    virtual ~CanvasTool() = default;
    // Handles the pointer; returns true when the tool owns the left button (no panning then).
    virtual bool handle(const AppState& state, const Photo& photo, const CanvasPointer& pointer,
                        std::vector<Intent>& intents) = 0;
    virtual void draw(const AppState& state, const Photo& photo, const CanvasView& canvas,
                      ImDrawList* drawList) = 0;
};

}  // namespace cicatrix::workstation
