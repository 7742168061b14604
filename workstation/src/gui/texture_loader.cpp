// Thumbnails are interactive work; full decodes and overlays are interactive and high priority
// (the photo on screen first). Every request goes through request(): one job per texture key,
// released on success, error, exception or cancellation. Results reach the texture cache on the
// main thread.
#include "workstation/gui/texture_loader.hpp"

#include <fmt/format.h>

#include "render/pixel_convert.hpp"

namespace cicatrix::workstation {

namespace {
// Overlays are not edited here, so they keep mipmaps (smooth when zoomed out); the wound layer is
// a single-channel mask drawn in the tint colour.
constexpr render::TextureOptions kTissueLayer{};
constexpr render::TextureOptions kWoundLayer{.swizzle = render::Swizzle::AlphaMask};
// A failure that may pass (busy database, I/O) is tried again after this long.
constexpr std::chrono::seconds kRetryAfter{5};

std::string thumbKey(const Photo& photo) {
    return "thumb:" + photo.sha256;
}
std::string fullKey(const Photo& photo) {
    return "full:" + photo.sha256;
}
std::string overlayKey(const char* layer, std::int64_t analysisId) {
    return fmt::format("overlay-{}:{}", layer, analysisId);
}
}  // namespace

TextureLoader::TextureLoader(Library& library, JobSystem& jobs, render::TextureCache& textures,
                             Notify notify)
    : m_library(library),
      m_jobs(jobs),
      m_textures(textures),
      m_notify(std::move(notify)),
      m_thumbnails(library.thumbnailDir()),
      m_decoded(library) {}

bool TextureLoader::blocked(const std::string& key) const {
    if (m_inFlight.contains(key))
        return true;
    const auto failed = m_failures.find(key);
    return failed != m_failures.end() &&
           (!failed->second.retryable ||
            std::chrono::steady_clock::now() - failed->second.at < kRetryAfter);
}

void TextureLoader::release(const std::string& key, std::uint64_t jobId) {
    if (const auto it = m_inFlight.find(key); it != m_inFlight.end() && it->second == jobId) {
        m_inFlight.erase(it);
        m_cancellable.erase(key);
    }
}

template <typename T>
void TextureLoader::request(Request<T> r) {
    if (r.cancelWhenUnseen)
        noteSeen(r.key);
    if (blocked(r.key))
        return;
    auto jobId = std::make_shared<std::uint64_t>(0);  // known once submitted
    const std::string key = r.key;
    const bool cancellable = r.cancelWhenUnseen;
    *jobId = m_jobs.submit(
        r.jobName,
        [this, r = std::move(r), jobId](JobContext& ctx) mutable {
            ctx.onFailure([this, key = r.key, failed = r.failed, jobId](const std::string& why) {
                release(key, *jobId);
                m_failures[key] = {why, false, std::chrono::steady_clock::now()};
                if (failed)
                    failed(why);
            });
            Result<T> result = ctx.stopRequested()
                                   ? Result<T>(fail(ErrorCode::Cancelled, "cancelled"))
                                   : r.make(ctx);
            m_jobs.post([this, key = r.key, use = std::move(r.use), failed = std::move(r.failed),
                         jobId, result = std::move(result)]() mutable {
                release(key, *jobId);
                if (result) {
                    m_failures.erase(key);
                    use(std::move(*result));
                } else if (result.error().code != ErrorCode::Cancelled) {
                    m_failures[key] = {result.error().message, result.error().retryable(),
                                       std::chrono::steady_clock::now()};
                    if (failed)
                        failed(result.error().message);
                }
            });
        },
        JobKind::Interactive, r.priority);
    m_inFlight[key] = *jobId;
    if (cancellable)
        m_cancellable.insert(key);
}

void TextureLoader::endFrame() {
    for (auto it = m_cancellable.begin(); it != m_cancellable.end();) {
        if (m_seen.contains(*it)) {
            ++it;
            continue;
        }
        // A queued job is dropped (no callback), a running one stops early: either way the key
        // may be requested again at once.
        if (const auto job = m_inFlight.find(*it); job != m_inFlight.end()) {
            m_jobs.cancel(job->second);
            m_inFlight.erase(job);
        }
        it = m_cancellable.erase(it);
    }
    m_seen.clear();
}

std::string TextureLoader::failure(const Photo& photo) const {
    for (const std::string& key : {fullKey(photo), thumbKey(photo)}) {
        if (const auto it = m_failures.find(key); it != m_failures.end())
            return it->second.message;
    }
    return {};
}

const render::Texture* TextureLoader::thumbnail(const Photo& photo) {
    const std::string key = thumbKey(photo);
    if (const auto* tex = m_textures.find(key))
        return tex;
    request<cv::Mat>(
        {.key = key,
         .jobName = "Thumbnail: " + photo.originalName,
         .make = [this, photo](JobContext&) { return m_thumbnails.get(m_library.store(), photo); },
         .use = [this, key](cv::Mat&& thumb) { m_textures.insert(key, thumb); }});
    return nullptr;
}

const render::TiledTexture* TextureLoader::fullImage(const Photo& photo) {
    if (photo.sha256.empty())
        return nullptr;
    const std::string key = fullKey(photo);
    noteSeen(key);
    if (const auto* tex = m_textures.findTiled(key))
        return tex;
    request<cv::Mat>({.key = key,
                      .jobName = "Decode: " + photo.originalName,
                      .priority = JobPriority::High,
                      .cancelWhenUnseen = true,
                      .make = [this, photo](JobContext& ctx) -> Result<cv::Mat> {
                          auto shared = m_decoded.get(photo);
                          if (!shared)
                              return std::unexpected(shared.error());
                          if (ctx.stopRequested())
                              return fail(ErrorCode::Cancelled, "cancelled");
                          return render::toRgba(**shared);  // here, not on the main thread
                      },
                      .use =
                          [this, key](cv::Mat&& rgba) {
                              m_textures.insertTiled(key, render::TiledTexture::fromPixels(
                                                              rgba, render::TextureOptions{}));
                          }});
    return nullptr;
}

std::optional<OverlayView> TextureLoader::overlay(const Photo& photo, const Analysis& analysis) {
    const std::string key = overlayKey("job", analysis.id);
    noteSeen(key);
    if (const auto shapes = m_overlayShapes.find(analysis.id); shapes != m_overlayShapes.end()) {
        OverlayView view;
        view.tissueFill = m_textures.findTiled(overlayKey("tissue", analysis.id));
        view.woundFill = m_textures.findTiled(overlayKey("wound", analysis.id));
        view.outline = &shapes->second.outline;
        view.tissueRecomputed = shapes->second.tissueRecomputed;
        view.length = shapes->second.length;
        view.width = shapes->second.width;
        if (view.tissueFill && view.woundFill)
            return view;
        m_overlayShapes.erase(shapes);  // evicted: make it again
    }
    request<OverlayPixels>(
        {.key = key,
         .jobName = "Overlay: " + photo.originalName,
         .priority = JobPriority::High,
         .cancelWhenUnseen = true,
         .make =
             [this, photo, analysis](JobContext&) {
                 return makeOverlayPixels(m_library, photo, analysis, m_decoded);
             },
         .use =
             [this, id = analysis.id](OverlayPixels&& pixels) {
                 m_textures.insertTiled(
                     overlayKey("tissue", id),
                     render::TiledTexture::fromPixels(pixels.tissueRgba, kTissueLayer));
                 m_textures.insertTiled(
                     overlayKey("wound", id),
                     render::TiledTexture::fromPixels(pixels.woundMask, kWoundLayer));
                 m_overlayShapes[id] = {std::move(pixels.outline), pixels.tissueRecomputed,
                                        pixels.length, pixels.width};
             }});
    return std::nullopt;
}

}  // namespace cicatrix::workstation
