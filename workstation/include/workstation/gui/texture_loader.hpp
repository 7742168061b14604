// Makes the textures panels ask for: thumbnails (disk cache, reduced decoding), full-resolution
// photos and analysis overlays, each in a background job, uploaded on the main thread. Requests
// are keyed by photo, so several viewports load at once; a full decode no viewport asked for
// during a frame is cancelled at the frame's end (the user moved on). A photo decoded for the
// viewer is shared with the overlay job. Main thread only (jobs run on workers).
#pragma once

#include <chrono>
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

    // Cancels full decodes and overlays that no panel asked for since the previous call (the
    // user moved on). Once per frame, after drawing.
    void endFrame();

  private:
    struct OverlayShapes {
        Outline outline;
        bool tissueRecomputed = false;
        std::optional<ImageSegment> length, width;
    };
    struct Failure {
        std::string message;
        bool retryable = false;
        std::chrono::steady_clock::time_point at;
    };
    // How a request's result is made (on a worker) and used (on the main thread).
    template <typename T>
    struct Request {
        std::string key;
        std::string jobName;
        JobPriority priority = JobPriority::Normal;
        bool cancelWhenUnseen = false;  // cancel at endFrame() unless asked for in that frame
        std::function<Result<T>(JobContext&)> make;
        std::function<void(T&&)> use;
        std::function<void(const std::string&)> failed = {};  // optional: told once per failure
    };

    // Starts the request's job unless one is in flight for its key or it failed for good (a
    // retryable failure is tried again after a pause). One job per key; the key is released
    // whatever happens to the job (result, error, exception or cancellation).
    template <typename T>
    void request(Request<T> request);
    [[nodiscard]] bool blocked(const std::string& key) const;
    void release(const std::string& key, std::uint64_t jobId);
    void noteSeen(const std::string& key) { m_seen.insert(key); }

    Library& m_library;
    JobSystem& m_jobs;
    render::TextureCache& m_textures;
    Notify m_notify;
    ThumbnailCache m_thumbnails;
    DecodedPhotos m_decoded;
    std::unordered_map<std::string, std::uint64_t> m_inFlight;  // texture key → its job
    std::set<std::string> m_cancellable;                        // keys of cancelWhenUnseen jobs
    std::set<std::string> m_seen;                               // keys asked for this frame
    std::unordered_map<std::string, Failure> m_failures;        // texture key → why not made
    std::unordered_map<std::int64_t, OverlayShapes> m_overlayShapes;  // by analysis id
};

}  // namespace cicatrix::workstation
