// A reviewed wound label map as a DICOM Segmentation object (DCMTK dcmseg; no DCMTK type in this
// header): one BINARY segment per class present, the source photo referenced (Source Image
// Sequence / derivation, Referenced Series, the common instance reference), the photo's patient,
// study and frame of reference context. Segment categories and types use SNOMED CT codes from
// CID 7150/7151 (documented in the README). Passes dciodvfy without errors.
// Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

#include "sync/dicom_photo.hpp"
#include "sync/sync_error.hpp"

namespace cicatrix::sync {

struct SegmentClass {
    std::uint8_t id = 0;  // value in the label map
    std::string label;    // e.g. "granulation"
    // Coded property type (SNOMED CT), e.g. {"SCT", "225552003", "Wound bed granulation tissue"}
    std::string typeScheme, typeCode, typeMeaning;
};

struct DicomSegmentationToEncode {
    DicomPhotoUids source;  // the photo's study, series and SOP Instance UIDs
    std::string sourceSopClassUid = kVlPhotographicImageStorage;
    DicomPatient patient;
    std::string seriesUid, sopInstanceUid;  // the SEG's own (new series in the photo's study)
    std::string seriesDescription;          // e.g. "Wound label v3 (approved)"
    std::string contentCreator;             // the approving reviewer
    std::string contentIso;                 // "YYYY-MM-DDTHH:MM:SS" of approval
    std::string algorithmType = "MANUAL";   // MANUAL | SEMIAUTOMATIC | AUTOMATIC
    cv::Mat labels;                         // CV_8UC1 at the photo's size; 0 and 255 not segments
    std::vector<SegmentClass> classes;      // classes that may appear (absent ones are skipped)
};

[[nodiscard]] SyncResult<std::vector<std::uint8_t>> encodeDicomSegmentation(
    const DicomSegmentationToEncode& segmentation);

}  // namespace cicatrix::sync
