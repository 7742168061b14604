// Thumbnails and overlays are interactive work; full decodes are interactive and high priority
// (the photo on screen first). Results reach the texture cache on the main thread.
#include "workstation/gui/texture_loader.hpp"

#include <fmt/format.h>

#include "library/photo_decoder.hpp"
#include "workstation/gui/overlay_pixels.hpp"

namespace cicatrix::workstation {

namespace {
// Photos larger than this are shown area-downsampled (the smallest GL_MAX_TEXTURE_SIZE that
// OpenGL 3.3 hardware in use reports is 8192 or more).
constexpr int kMaxTextureSide = 8192;

std::string overlayKey(const char* layer, std::int64_t analysisId) {
    return fmt::format("overlay-{}:{}", layer, analysisId);
}
}  // namespace

TextureLoader::TextureLoader(Library& library, JobSystem& jobs, render::TextureCache& textures, Notify notify)
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

const render::Texture* TextureLoader::fullImage(const Photo& photo) {
    if (photo.sha256.empty()) {
        return nullptr;
    }
    const std::string key = "full:" + photo.sha256;
    m_fullRequested.insert(key);
    if (const auto* tex = m_textures.find(key)) {
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
                    pixels = fitLongSide(**shared, kMaxTextureSide);
                }
            }
            m_jobs.post([this, key, jobId, sha = photo.sha256, pixels = std::move(pixels)] {
                if (const auto it = m_fullJobs.find(key); it != m_fullJobs.end() && it->second == *jobId) {
                    m_fullJobs.erase(it);
                    m_pending.erase(key);
                }
                if (!pixels) {
                    if (pixels.error().code != ErrorCode::Cancelled) {
                        m_failures[sha] = pixels.error().message;
                    }
                    return;
                }
                m_textures.insert(key, *pixels);
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
    if (const auto geometry = m_overlayGeometry.find(analysis.id); geometry != m_overlayGeometry.end()) {
        OverlayView view;
        view.tissueFill = m_textures.find(overlayKey("tissue", analysis.id));
        view.woundFill = m_textures.find(overlayKey("wound", analysis.id));
        view.outline = m_textures.find(overlayKey("outline", analysis.id));
        if (view.tissueFill && view.woundFill && view.outline) {
            view.lengthA = geometry->second.lengthA;
            view.lengthB = geometry->second.lengthB;
            view.widthA = geometry->second.widthA;
            view.widthB = geometry->second.widthB;
            return view;
        }
        m_overlayGeometry.erase(geometry);  // evicted: make it again
    }
    if (m_pending.contains(pendingKey) || m_overlayFailed.contains(analysis.id)) {
        return std::nullopt;
    }
    m_pending.insert(pendingKey);
    m_jobs.submit(
        "Overlay: " + photo.originalName,
        [this, photo, analysis, pendingKey](JobContext&) {
            auto shared = m_decoded.get(photo);
            Result<OverlayPixels> pixels = shared ? makeOverlayPixels(m_library, **shared, analysis)
                                                  : Result<OverlayPixels>(std::unexpected(shared.error()));
            m_jobs.post([this, id = analysis.id, pendingKey, pixels = std::move(pixels)] {
                m_pending.erase(pendingKey);
                if (!pixels) {
                    m_overlayFailed.insert(id);
                    m_notify("overlay: " + pixels.error().message, true);
                    return;
                }
                m_textures.insert(overlayKey("tissue", id), pixels->tissue);
                m_textures.insert(overlayKey("wound", id), pixels->wound);
                m_textures.insert(overlayKey("outline", id), pixels->outline);
                m_overlayGeometry[id] = {pixels->lengthA, pixels->lengthB, pixels->widthA, pixels->widthB};
            });
        },
        JobKind::Interactive, JobPriority::High);
    return std::nullopt;
}

}  // namespace cicatrix::workstation
