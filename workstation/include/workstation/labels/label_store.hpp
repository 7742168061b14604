// Label maps in and out of a library: store a map as a new label version (PNG in the content
// store, recorded crash-safely with the version row), read one back, and make the AI draft of a
// photo from a model analysis. Used by `cicatrix labels import` and the Annotate workspace.
// Thread-safe (run from a job in the GUI).
#pragma once

#include <opencv2/core/mat.hpp>

#include "library/label_repository.hpp"
#include "library/library.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

// Encodes `labels` (CV_8UC1 class ids) as PNG, puts it in the store and adds the version in one
// transaction with the pending-object record cleared (no orphan after a crash). The version's
// labelsSha256 is set here.
[[nodiscard]] Result<LabelVersion> storeLabelVersion(Library& library, const cv::Mat& labels,
                                                     NewLabelVersion version);

// A stored label map (PNG of class ids), checked against the photo's size.
[[nodiscard]] Result<cv::Mat> loadLabelMap(const Library& library, const std::string& sha256,
                                           cv::Size size);

// The AI draft of a label: the analysis' 0/255 wound mask as "wound" (class 6), and inside the
// wound the tissue ids 1..5 of its tissue map where it has one (`tissue` may be empty).
[[nodiscard]] cv::Mat aiDraftLabels(const cv::Mat& woundMask, const cv::Mat& tissue);

}  // namespace cicatrix::workstation
