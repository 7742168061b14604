// Thumbnails and overlays are interactive work; full decodes are interactive and high priority
// (the photo on screen first). Results reach the texture cache on the main thread.
#include "workstation/gui/texture_loader.hpp"

#include <fmt/format.h>

#include "render/pixel_convert.hpp"

namespace cicatrix::workstation {

namespace {
// Overlays are not edited here, so they keep mipmaps (smooth when zoomed out); the wound layer is
// a single-channel mask drawn in the tint colour.
constexpr render::TextureOptions kTissueLayer{};
constexpr render::TextureOptions kWoundLayer{.swizzle = render::Swizzle::AlphaMask};

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

std::string TextureLoader::failure(const Photo& photo) const {
    const auto it = m_failures.find(photo.sha256);
    return it == m_failures.end() ? std::string{} : it->second;
}

const render::Texture* TextureLoader::thumbnail(const Photo& photo) {
    const std::string key = "thumb:" + photo.sha256;
    if (const auto* tex = m_textures.find(key)) {
        return tex;
    }
    if (m_pending.contains(key) || m_failures.contains(photo.sha256)) {
        return nullptr;
    }
    m_pending.insert(key);
    m_jobs.submit(
        "Thumbnail: " + photo.originalName,
        [this, photo, key](JobContext& ctx) {
            if (ctx.stopRequested()) {
                m_jobs.post([this, key] { m_pending.erase(key); });
                return;
            }
            auto thumb = m_thumbnails.get(m_library.store(), photo);
            m_jobs.post([this, key, sha = photo.sha256, thumb = std::move(thumb)] {
                m_pending.erase(key);
                if (!thumb) {
                    m_failures[sha] = thumb.error().message;
                    return;
                }
                m_textures.insert(key, *thumb);
            });
        },
        JobKind::Interactive);
    return nullptr;
}

const render::TiledTexture* TextureLoader::fullImage(const Photo& photo) {
    if (photo.sha256.empty()) {
        return nullptr;
    }
    const std::string key = "full:" + photo.sha256;
    m_fullRequested.insert(key);
    if (const auto* tex = m_textures.findTiled(key)) {
        return tex;
    }
    if (m_pending.contains(key) || m_failures.contains(photo.sha256)) {
        return nullptr;
    }
    m_pending.insert(key);
    auto jobId = std::make_shared<std::uint64_t>(0);  // known once submitted
    *jobId = m_jobs.submit(
        "Decode: " + photo.originalName,
        [this, photo, key, jobId](JobContext& ctx) {
            Result<cv::Mat> pixels = fail(ErrorCode::Cancelled, "cancelled");
            if (!ctx.stopRequested()) {
                auto shared = m_decoded.get(photo);
                if (!shared) {
                    pixels = std::unexpected(shared.error());
                } else if (!ctx.stopRequested()) {
                    pixels = render::toRgba(**shared);  // here, not on the main thread
                }
            }
            m_jobs.post([this, key, jobId, sha = photo.sha256, pixels = std::move(pixels)] {
                if (const auto it = m_fullJobs.find(key);
                    it != m_fullJobs.end() && it->second == *jobId) {
                    m_fullJobs.erase(it);
                    m_pending.erase(key);
                }
                if (!pixels) {
                    if (pixels.error().code != ErrorCode::Cancelled) {
                        m_failures[sha] = pixels.error().message;
                    }
                    return;
                }
                m_textures.insertTiled(
                    key, render::TiledTexture::fromPixels(*pixels, render::TextureOptions{}));
            });
        },
        JobKind::Interactive, JobPriority::High);
    m_fullJobs[key] = *jobId;
    return nullptr;
}

void TextureLoader::endFrame() {
    for (auto it = m_fullJobs.begin(); it != m_fullJobs.end();) {
        if (m_fullRequested.contains(it->first)) {
            ++it;
            continue;
        }
        // A queued job is dropped (no callback), a running one stops early: either way the key
        // may be requested again at once.
        m_jobs.cancel(it->second);
        m_pending.erase(it->first);
        it = m_fullJobs.erase(it);
    }
    m_fullRequested.clear();
}

std::optional<OverlayView> TextureLoader::overlay(const Photo& photo, const Analysis& analysis) {
    const std::string pendingKey = overlayKey("job", analysis.id);
    if (const auto shapes = m_overlayShapes.find(analysis.id); shapes != m_overlayShapes.end()) {
        OverlayView view;
        view.tissueFill = m_textures.findTiled(overlayKey("tissue", analysis.id));
        view.woundFill = m_textures.findTiled(overlayKey("wound", analysis.id));
        view.outline = &shapes->second.outline;
        view.tissueRecomputed = shapes->second.tissueRecomputed;
        view.length = shapes->second.length;
        view.width = shapes->second.width;
        if (view.tissueFill && view.woundFill) {
            return view;
        }
        m_overlayShapes.erase(shapes);  // evicted: make it again
    }
    if (m_pending.contains(pendingKey) || m_overlayFailed.contains(analysis.id)) {
        return std::nullopt;
    }
    m_pending.insert(pendingKey);
    m_jobs.submit(
        "Overlay: " + photo.originalName,
        [this, photo, analysis, pendingKey](JobContext&) {
            auto pixels = makeOverlayPixels(m_library, photo, analysis, m_decoded);
            m_jobs.post([this, id = analysis.id, pendingKey, pixels = std::move(pixels)]() mutable {
                m_pending.erase(pendingKey);
                if (!pixels) {
                    m_overlayFailed.insert(id);
                    m_notify("overlay: " + pixels.error().message, true);
                    return;
                }
                m_textures.insertTiled(
                    overlayKey("tissue", id),
                    render::TiledTexture::fromPixels(pixels->tissueRgba, kTissueLayer));
                m_textures.insertTiled(
                    overlayKey("wound", id),
                    render::TiledTexture::fromPixels(pixels->woundMask, kWoundLayer));
                m_overlayShapes[id] = {std::move(pixels->outline), pixels->tissueRecomputed,
                                       pixels->length, pixels->width};
            });
        },
        JobKind::Interactive, JobPriority::High);
    return std::nullopt;
}

}  // namespace cicatrix::workstation
