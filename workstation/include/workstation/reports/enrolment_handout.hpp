// The printable handout of a telemonitoring enrolment (one A4 PDF page, cairo): the QR code,
// instructions for the patient and the home nurse, the wound's site, the expiry date. No name,
// no diagnosis: the handout may be lost. Thread-safe (no shared state).
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>

#include "workstation/error.hpp"

namespace cicatrix::workstation {

struct HandoutContent {
    cv::Mat qrModules;      // CV_8U, one pixel per module, 0 = dark, 255 = light, no quiet zone
    std::string woundSite;  // e.g. "left heel" (site + laterality as the wound records them)
    std::string woundLabel; // the wound's label within its folder, e.g. "W1"
    std::string expiresOn;  // YYYY-MM-DD (local date)
    std::string uploadHint; // where photos go, as the QR payload says (shown in small print)
    std::string siteName;   // the care team, e.g. "Wound care unit" (settings; may be empty)
};

// Writes the PDF atomically (temp file + rename). Error on a cairo failure or an unwritable path.
[[nodiscard]] Result<void> writeEnrolmentHandout(const HandoutContent& content,
                                                 const std::filesystem::path& pdf);

}  // namespace cicatrix::workstation
