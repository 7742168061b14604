// glReadPixels from the back buffer, flipped to image row order.
#include "render/framebuffer_capture.hpp"

#include <GL/gl.h>
#include <opencv2/imgproc.hpp>

namespace cicatrix::render {

cv::Mat captureFramebuffer(int width, int height) {
    cv::Mat rgba(height, width, CV_8UC4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    cv::Mat flipped, bgr;
    cv::flip(rgba, flipped, 0);
    cv::cvtColor(flipped, bgr, cv::COLOR_RGBA2BGR);
    return bgr;
}

}  // namespace cicatrix::render
