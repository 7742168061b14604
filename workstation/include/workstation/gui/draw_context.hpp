// What a panel's draw() gets besides the state: a sink for intents, access to textures (which
// queues decode jobs for what is missing), the status of background work, and a record of what
// was drawn where (for tests). Also the one panel interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "library/records.hpp"
#include "render/texture.hpp"
#include "render/tiled_texture.hpp"
#include "render/view_transform.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/app_state.hpp"
#include "workstation/gui/intents.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

struct DrawnRect {
    std::string what;  // e.g. "thumbnail:12"
    float x, y, w, h;
};

// A value written for the user, as drawn (e.g. "info:Area" → "7.40 cm² (7.21–7.62)").
struct DrawnText {
    std::string what;
    std::string text;
};

struct FrameRecord {
    std::vector<DrawnRect> rects;
    std::vector<DrawnText> texts;
};

// The drawable overlay of an analysis at the photo's full resolution: the tissue layer
// (per-tissue colours), the wound mask (drawn in one colour through the tint) and the outline
// polygons in image pixels, and the measured length and width segments.
struct OverlayView {
    const render::TiledTexture* tissueFill = nullptr;
    const render::TiledTexture* woundFill = nullptr;
    const std::vector<std::vector<render::Vec2>>* outline = nullptr;
    bool tissueRecomputed = false;              // older analysis without a stored tissue map
    std::optional<ImageSegment> length, width;  // absent: not drawable (older calibrated analysis)
};

class TextureProvider {
  public:
    virtual ~TextureProvider() = default;
    // nullptr while the texture is being made (a job is queued on first request). Main thread only.
    virtual const render::Texture* thumbnail(const Photo& photo) = 0;
    // The photo at full resolution, tiled above the GPU's texture size limit.
    virtual const render::TiledTexture* fullImage(const Photo& photo) = 0;
    // nullptr while the overlay of `analysis` is being made.
    virtual std::optional<OverlayView> overlay(const Photo& photo, const Analysis& analysis) = 0;
    // Non-empty when making the texture failed.
    [[nodiscard]] virtual std::string failure(const Photo& photo) const = 0;
};

struct StatusInfo {
    std::vector<JobStatus> jobs;
    std::size_t textureBytes = 0;
    std::size_t textureBudget = 0;
};

struct DrawContext {
    std::vector<Intent>& intents;
    TextureProvider& textures;
    FrameRecord& record;
    const StatusInfo& status;
    double now;  // seconds since start
};

// A panel draws over const state inside the child window its workspace gives it, and changes
// the state only by pushing intents. Widget-local input (text being typed) may live in the panel.
// Main thread only.
class Panel {
  public:
    virtual ~Panel() = default;
    virtual void draw(const AppState& state, DrawContext& ctx) = 0;
};

}  // namespace cicatrix::workstation
