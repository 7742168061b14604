// A small most-recently-used list of shared futures keyed by content hash; failures are not kept.
#include "workstation/gui/decoded_photos.hpp"

#include "workstation/analysis/library_analysis.hpp"

namespace cicatrix::workstation {

Result<SharedPixels> DecodedPhotos::get(const Photo& photo) {
    std::promise<Result<SharedPixels>> promise;
    Pending pending;
    bool decodeHere = false;
    {
        std::scoped_lock lock(m_mutex);
        const auto it =
            std::ranges::find(m_entries, photo.sha256, &std::pair<std::string, Pending>::first);
        if (it != m_entries.end()) {
            m_entries.splice(m_entries.begin(), m_entries, it);
            pending = it->second;
        } else {
            pending = promise.get_future().share();
            m_entries.emplace_front(photo.sha256, pending);
            while (m_entries.size() > m_keep) m_entries.pop_back();
            decodeHere = true;
        }
    }
    if (decodeHere) {
        Result<cv::Mat> pixels = fail(ErrorCode::Corrupt, "cannot decode");
        try {
            pixels = loadStoredPhoto(m_library, photo);
        } catch (const std::exception& e) {  // OpenCV or allocation: every waiter gets an error
            pixels = fail(ErrorCode::Corrupt, std::string("cannot decode the photo: ") + e.what());
        }
        if (pixels) {
            promise.set_value(std::make_shared<const cv::Mat>(std::move(*pixels)));
        } else {
            promise.set_value(std::unexpected(pixels.error()));
            std::scoped_lock lock(m_mutex);
            std::erase_if(m_entries, [&](const auto& e) { return e.first == photo.sha256; });
        }
    }
    return pending.get();
}

}  // namespace cicatrix::workstation
