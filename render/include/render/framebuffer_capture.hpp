// Reads the current framebuffer into a BGR cv::Mat (top row first), for screenshots.
// Main thread only; call after rendering and before swapping buffers.
#pragma once

#include <opencv2/core.hpp>

namespace cicatrix::render {

[[nodiscard]] cv::Mat captureFramebuffer(int width, int height);

}  // namespace cicatrix::render
