// Makes the textures panels ask for: thumbnails (disk cache, reduced decoding), full-resolution
// photos and analysis overlays, each in a background job, uploaded on the main thread. Requests
// are keyed by photo, so several viewports load at once; a full decode no viewport asked for
// during a frame is cancelled at the frame's end (the user moved on). A photo decoded for the
// viewer is shared with the overlay job. Main thread only (jobs run on workers).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <unordered_map>

#include "library/thumbnail_cache.hpp"
#include "render/texture_cache.hpp"
#include "workstation/gui/decoded_photos.hpp"
#include "workstation/gui/draw_context.hpp"
#include "workstation/gui/overlay_pixels.hpp"
#include "workstation/jobs/job_system.hpp"

namespace cicatrix::workstation {

class TextureLoader final : public TextureProvider {
  public:
    using Notify = std::function<void(std::string, bool)>;
    TextureLoader(Library& library, JobSystem& jobs, render::TextureCache& textures, Notify notify);

    const render::Texture* thumbnail(const Photo& photo) override;
    const render::TiledTexture* fullImage(const Photo& photo) override;
    std::optional<OverlayView> overlay(const Photo& photo, const Analysis& analysis) override;
    [[nodiscard]] std::string failure(const Photo& photo) const override;

    // Cancels full decodes that no panel asked for since the previous call. Once per frame.
    void endFrame();

  private:
    struct OverlayShapes {
        Outline outline;
        bool tissueRecomputed = false;
        std::optional<ImageSegment> length, width;
    };
    Library& m_library;
    JobSystem& m_jobs;
    render::TextureCache& m_textures;
    Notify m_notify;
    ThumbnailCache m_thumbnails;
    DecodedPhotos m_decoded;
    std::set<std::string> m_pending;                            // texture keys with a job in flight
    std::unordered_map<std::string, std::string> m_failures;    // sha → why it cannot be shown
    std::unordered_map<std::string, std::uint64_t> m_fullJobs;  // key → decode job in flight
    std::set<std::string> m_fullRequested;                      // keys asked for this frame
    std::unordered_map<std::int64_t, OverlayShapes> m_overlayShapes;  // by analysis id
    std::set<std::int64_t> m_overlayFailed;
};

}  // namespace cicatrix::workstation
