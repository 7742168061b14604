// EXIF orientation transforms: each of the 8 values is a flip and/or a rotation.
#include "library/image_orientation.hpp"

#include <opencv2/core.hpp>

namespace cicatrix::library {

bool isValidExifOrientation(int orientation) {
    return orientation >= 1 && orientation <= 8;
}

cv::Size orientedSize(cv::Size stored, int orientation) {
    if (orientation >= 5 && orientation <= 8) {
        return {stored.height, stored.width};
    }
    return stored;
}

cv::Mat applyExifOrientation(const cv::Mat& stored, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2:
            cv::flip(stored, out, 1);
            break;  // mirror horizontal
        case 3:
            cv::rotate(stored, out, cv::ROTATE_180);
            break;  // rotate 180
        case 4:
            cv::flip(stored, out, 0);
            break;  // mirror vertical
        case 5:
            cv::transpose(stored, out);
            break;  // transpose
        case 6:
            cv::rotate(stored, out, cv::ROTATE_90_CLOCKWISE);
            break;  // rotate 90 CW
        case 7:     // transverse
            cv::transpose(stored, out);
            cv::rotate(out, out, cv::ROTATE_180);
            break;
        case 8:
            cv::rotate(stored, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            return stored;
    }
    return out;
}

}  // namespace cicatrix::library
