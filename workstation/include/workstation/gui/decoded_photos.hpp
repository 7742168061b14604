// Full-resolution decodes of stored photos shared between the viewer's texture upload and the
// overlay job: the first caller for a photo decodes it, callers that arrive meanwhile wait for
// that decode instead of starting their own, and the last few decodes are kept for reuse.
// Thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "library/library.hpp"
#include "library/records.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

using SharedPixels = std::shared_ptr<const cv::Mat>;  // BGR, upright, full resolution

class DecodedPhotos {
  public:
    explicit DecodedPhotos(const Library& library, std::size_t keep = 3)
        : m_library(library), m_keep(keep) {}

    // The photo's pixels: shared with any decode of the same photo in flight or kept.
    [[nodiscard]] Result<SharedPixels> get(const Photo& photo);

  private:
    using Pending = std::shared_future<Result<SharedPixels>>;
    const Library& m_library;
    std::size_t m_keep;
    std::mutex m_mutex;
    std::list<std::pair<std::string, Pending>> m_entries;  // by sha256, most recent first
};

}  // namespace cicatrix::workstation
