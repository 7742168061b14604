// Wound photos as DICOM VL Photographic Image objects (DCMTK; no DCMTK type in this header).
// decodeDicomPhoto reads a pulled instance (VL Photographic Image or Secondary Capture): the
// JPEG bitstream exactly as encapsulated (never re-encoded), or a lossless PNG of native pixels;
// the patient, study, series, region, laterality and the capture time with where it came from.
// encodeDicomPhoto writes a library photo as a VL Photographic Image that dciodvfy accepts: a
// baseline JPEG encapsulated as is (JPEG Baseline transfer syntax), anything else (PNG,
// progressive JPEG) as native RGB pixels (lossless). Written with ISO_IR 192 (UTF-8).
// The photo's source (clinic / home nurse / patient) travels in the private attribute
// (0011,1001) of the block reserved by (0011,0010) = "CICATRIX 1" (documented in the README);
// a photo sent from home carries its enrolment token in (0011,1010) LT of the same block.
// Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sync/sync_error.hpp"

namespace cicatrix::sync {

inline constexpr char kVlPhotographicImageStorage[] = "1.2.840.10008.5.1.4.1.1.77.1.4";
inline constexpr char kSecondaryCaptureImageStorage[] = "1.2.840.10008.5.1.4.1.1.7";
inline constexpr char kSegmentationStorage[] = "1.2.840.10008.5.1.4.1.1.66.4";
inline constexpr char kPrivateCreator[] = "CICATRIX 1";         // (0011,0010)
inline constexpr unsigned short kPrivateEnrolmentToken = 0x10;  // (0011,xx10) LT

struct DicomPhotoUids {
    std::string study, series, sopInstance;
};

struct DicomPatient {
    std::string id;         // PatientID: the hospital id (patients.external_id)
    std::string name;       // PatientName as "Family^Given" (empty allowed)
    std::string birthDate;  // YYYY-MM-DD, empty when unknown
};

// Which attribute the capture time came from; anything but AcquisitionDateTime is approximate.
enum class DicomTimeSource { AcquisitionDateTime, ContentDateTime, SeriesDateTime, StudyDateTime };

struct DicomCaptureTime {
    std::string iso;  // "YYYY-MM-DDTHH:MM:SS" (00:00:00 when only a date is known)
    DicomTimeSource source = DicomTimeSource::AcquisitionDateTime;
    [[nodiscard]] bool approximate() const {
        return source != DicomTimeSource::AcquisitionDateTime;
    }
};

struct DecodedDicomPhoto {
    DicomPhotoUids uids;
    std::string sopClassUid;
    std::string transferSyntaxUid;
    DicomPatient patient;
    std::string studyDescription;
    std::string seriesDescription;
    std::optional<DicomCaptureTime> captureTime;  // nullopt when the object has no date at all
    std::string anatomicRegionCode;     // AnatomicRegionSequence[0] CodeValue, may be empty
    std::string anatomicRegionMeaning;  // its CodeMeaning, or BodyPartExamined when no sequence
    std::string laterality;  // "L", "R", "B" or "" (Laterality, else ImageLaterality; U → "")
    std::optional<std::string> photoSource;     // "clinic" | "home_nurse" | "patient" (private tag)
    std::optional<std::string> enrolmentToken;  // (0011,xx10): a photo sent from home
    std::string mediaType;                      // "image/jpeg" or "image/png"
    std::vector<std::uint8_t> imageBytes;       // JPEG bitstream as stored, or PNG (lossless)
    int width = 0, height = 0;                  // Columns, Rows
};

// A Part 10 file (with or without the 128-byte preamble). Malformed with a reason for: not
// DICOM, not a photo SOP class, no pixel data, an unsupported transfer syntax or photometric,
// invalid UIDs (isValidUid), a missing PatientID. Never refuses a missing date or ImageType.
[[nodiscard]] SyncResult<DecodedDicomPhoto> decodeDicomPhoto(std::span<const std::uint8_t> part10);

struct DicomPhotoToEncode {
    DicomPhotoUids uids;  // all three required and valid
    DicomPatient patient;
    std::string captureTimeIso;  // "YYYY-MM-DDTHH:MM:SS": Acquisition/Content/Study date+time
    bool captureTimeApproximate = false;  // true: no AcquisitionDateTime is written
    std::string studyDescription;         // e.g. "Wound care visit"
    std::string seriesDescription;        // the wound's label
    std::string anatomicSite;             // free text (the wound's site); may be empty
    std::string laterality;               // library vocabulary: left|right|bilateral|midline|
                                          // unspecified → Laterality R/L/B, empty otherwise
    std::string photoSource;              // clinic | home_nurse | patient | imported
    std::string mediaType;                // "image/jpeg" or "image/png"
    std::span<const std::uint8_t> imageBytes;
    std::string institutionName;  // optional
    std::string enrolmentToken;   // written in (0011,1010) LT when not empty (a home app's photo)
};

// A Part 10 file (explicit VR little endian meta header). InvalidInput for bad UIDs, an
// undecodable image or an unsupported media type.
[[nodiscard]] SyncResult<std::vector<std::uint8_t>> encodeDicomPhoto(
    const DicomPhotoToEncode& photo);

// A new UID under the 2.25 (UUID-derived) root, from 128 random bits. Thread-safe.
[[nodiscard]] std::string generateUid();

}  // namespace cicatrix::sync
