// Plain values for the library's aggregates, as the repositories return them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cicatrix::library {

// The author recorded for actions taken at this workstation (audit rows, analyses, imports)
// until users sign in. The schema's column defaults ('local-user', migrations 002) say the same.
inline constexpr char kLocalActor[] = "local-user";

enum class PhotoSource { Clinic, HomeNurse, Patient, Imported };
// Dicom: the DICOM object's own acquisition date-time; DicomApproximate: its content, series or
// study date-time (the day is right, the time may not be).
enum class CaptureTimeSource { Exif, FileTime, Manual, Dicom, DicomApproximate };

[[nodiscard]] std::string_view toString(PhotoSource source);
[[nodiscard]] std::string_view toString(CaptureTimeSource source);
[[nodiscard]] std::optional<PhotoSource> photoSourceFromString(std::string_view text);
[[nodiscard]] std::optional<CaptureTimeSource> captureTimeSourceFromString(std::string_view text);
[[nodiscard]] std::string_view displayName(PhotoSource source);  // "Home nurse"
// Every photo source, and their stored names, in the same order (the one list of sources).
[[nodiscard]] std::span<const PhotoSource> photoSources();
[[nodiscard]] std::span<const std::string_view> photoSourceNames();

// Allowed values of the wound's coded fields (the schema's CHECK constraints say the same).
[[nodiscard]] std::span<const std::string_view> woundEtiologies();
[[nodiscard]] std::span<const std::string_view> woundLateralities();
[[nodiscard]] std::span<const std::string_view> woundStatuses();

struct Patient {
    std::int64_t id = 0;
    std::string externalId;
    std::string displayName;
    std::optional<std::string> birthDate;
};

struct PatientSummary {
    Patient patient;
    int woundCount = 0;
    int photoCount = 0;
    std::string lastCapture;  // empty when no photo
};

struct WoundDetails {
    std::string anatomicalSite;
    std::string laterality = "unspecified";
    std::string etiology = "unknown";
    std::optional<std::string> onsetDate;
    std::string status = "open";
};

struct Wound {
    std::int64_t id = 0;
    std::int64_t patientId = 0;
    std::string label;
    WoundDetails details;
};

struct WoundSummary {
    Wound wound;
    int photoCount = 0;
    std::string firstCapture;
    std::string lastCapture;
};

struct Visit {
    std::int64_t id = 0;
    std::int64_t patientId = 0;
    std::string date;  // YYYY-MM-DD
    std::string kind;  // clinic | remote
};

struct Photo {
    std::int64_t id = 0;
    std::int64_t woundId = 0;
    std::optional<std::int64_t> visitId;
    std::string sha256;
    std::string capturedAt;  // YYYY-MM-DDTHH:MM:SS
    CaptureTimeSource captureTimeSource = CaptureTimeSource::Exif;
    PhotoSource source = PhotoSource::Imported;
    int width = 0;  // upright
    int height = 0;
    int exifOrientation = 1;
    std::string mediaType;
    std::int64_t byteSize = 0;
    std::string originalName;
    std::string importedAt;
};

}  // namespace cicatrix::library

namespace cicatrix::library {

// One run of segmentation + measurement on a photo (table `analyses`).
// A segment in image pixels (e.g. the wound's measured length).
struct ImageSegment {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

// A 95 % interval around a measured value.
struct ValueRange {
    double low = 0, high = 0;
};

struct Analysis {
    std::int64_t id = 0;
    std::int64_t photoId = 0;
    std::string createdAt;
    std::string maskSource;  // model | manual
    std::string maskSha256;
    std::optional<std::string> modelName;
    std::optional<std::string> modelVersion;
    // The segmentation pipeline around the model (ml::kSegmentationPipeline; schema 9 on): the
    // same model outlines differently when the steps around it change. Absent for a manual mask
    // and for analyses stored before schema 9.
    std::optional<int> modelPipeline;
    std::string calibrationSource;  // aruco | manual | none
    std::string calibrationDetail;
    std::optional<double> mmPerPixel;
    double areaPx = 0, perimeterPx = 0, lengthPx = 0, widthPx = 0;
    std::optional<double> areaCm2, perimeterMm, lengthMm, widthMm;
    std::string tissueMethod;
    double epithelialPct = 0, sloughPct = 0, granulationPct = 0, necroticPct = 0;
    std::optional<double> periwoundRedness;
    std::optional<double> meanUncertainty;
    std::string actor = kLocalActor;
    // What the overlay draws (absent on analyses stored before schema 3).
    std::optional<ImageSegment> lengthSegment, widthSegment;
    std::optional<std::string> tissueSha256;  // PNG of tissue class ids at the photo's size
    // ArUco calibration's image px -> plane mm homography, row-major (what aligning visits needs;
    // absent for manual or no calibration and before schema 7).
    std::optional<std::array<double, 9>> planeHomography;
    // ArUco calibration (schema 8 on): the 95 % intervals of the calibrated measures and the
    // calibration's quality ("good" | "fair" | "unreliable") with its reasons, most serious first.
    std::optional<ValueRange> areaCm2Ci95, lengthMmCi95, widthMmCi95;
    std::optional<std::string> calibrationQuality;
    std::vector<std::string> calibrationReasons;
};

struct ManualCalibration {
    std::int64_t id = 0;
    std::int64_t photoId = 0;
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double lengthMm = 0;
};

}  // namespace cicatrix::library
