// Encoding a library photo as a DICOM VL Photographic Image (DCMTK dcmdata); see dicom_photo.hpp.
// A baseline (or extended 8-bit) JPEG is encapsulated as is, anything else is written as native
// pixels after a lossless decode. Thread-safe (no shared state).
#include "sync/dicom_photo.hpp"

#include "dicom_dataset_util.hpp"

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"

#include <array>
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "sync/qido.hpp"

namespace cicatrix::sync {
namespace {

using detail::cleanValue;

SyncResult<std::vector<std::uint8_t>> invalid(std::string reason) {
    return syncFail(SyncErrorCode::InvalidInput, "DICOM photo encode: " + std::move(reason));
}

// What the JPEG's markers say, read up to the first scan.
struct JpegInfo {
    int sof = -1;  // 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...
    int precision = 0, width = 0, height = 0, components = 0;
    bool rgb = false;  // Adobe transform 0 or component ids 'R','G','B'
};

std::optional<JpegInfo> readJpegMarkers(std::span<const std::uint8_t> b) {
    if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8)
        return std::nullopt;
    JpegInfo info;
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF)
            return std::nullopt;
        const int marker = b[i + 1];
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            i += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            break;
        const std::size_t length = (static_cast<std::size_t>(b[i + 2]) << 8) | b[i + 3];
        if (length < 2 || i + 2 + length > b.size())
            return std::nullopt;
        const auto payload = b.subspan(i + 4, length - 2);
        const bool isSof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isSof && info.sof < 0 && payload.size() >= 6) {
            info.sof = marker;
            info.precision = payload[0];
            info.height = (payload[1] << 8) | payload[2];
            info.width = (payload[3] << 8) | payload[4];
            info.components = payload[5];
            if (payload.size() < 6 + 3 * static_cast<std::size_t>(info.components))
                return std::nullopt;
            std::string ids;
            for (int c = 0; c < info.components; ++c) {
                ids += static_cast<char>(payload[6 + 3 * c]);
            }
            if (ids == "RGB")
                info.rgb = true;
        }
        if (marker == 0xEE && payload.size() >= 12 &&
            std::equal(payload.begin(), payload.begin() + 5, "Adobe") && payload[11] == 0)
            info.rgb = true;
        i += 2 + length;
    }
    if (info.sof < 0)
        return std::nullopt;
    return info;
}

bool encapsulatable(const JpegInfo& info) {
    return (info.sof == 0xC0 || info.sof == 0xC1) && info.precision == 8 && info.width > 0 &&
           info.height > 0 && (info.components == 1 || info.components == 3);
}

// SNOMED CT codes (CID 4 "Anatomic Region") for the wound sites the clinics use most; the first
// entry whose keyword the free-text site contains wins, so the specific ones come first. A site
// that maps to none leaves AnatomicRegionSequence out (Type 1C in the VL Image module: dciodvfy
// refuses it present and empty) and travels as free text in the private attribute (0011,xx02);
// BodyPartExamined is not used: it is a CS with defined terms, free text there is invalid.
struct SiteCode {
    const char* keyword;
    const char* code;
    const char* meaning;
};
constexpr std::array<SiteCode, 16> kSiteCodes{{
    {"heel", "76853006", "Heel"},
    {"toe", "29707007", "Toe"},
    {"ankle", "344001", "Ankle"},
    {"knee", "72696002", "Knee"},
    {"thigh", "68367000", "Thigh"},
    {"lower leg", "30021000", "Lower leg"},
    {"sacr", "54735007", "Sacrum"},
    {"foot", "56459004", "Foot"},
    {"leg", "61685007", "Lower limb"},
    {"hand", "85562004", "Hand"},
    {"forearm", "14975008", "Forearm"},
    {"arm", "53120007", "Upper limb"},
    {"abdom", "818983003", "Abdomen"},
    {"buttock", "46862004", "Buttock"},
    {"hip", "29836001", "Hip"},
    {"back", "77568009", "Back"},
}};

const SiteCode* siteCode(std::string_view site) {
    std::string lower(site);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const SiteCode& entry : kSiteCodes) {
        if (lower.find(entry.keyword) != std::string::npos)
            return &entry;
    }
    return nullptr;
}

std::string lateralityCode(std::string_view laterality) {
    if (laterality == "right")
        return "R";
    if (laterality == "left")
        return "L";
    if (laterality == "bilateral")
        return "B";
    return {};  // midline, unspecified, unknown: present and empty (Type 2C)
}

std::string compressionRatio(double ratio) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.2f", ratio);
    return buf.data();
}

// Pixels of a PNG or a JPEG that is not encapsulated as is, decoded: 8-bit grey or RGB (BGR).
SyncResult<cv::Mat> decodePixels(std::span<const std::uint8_t> bytes) {
    cv::Mat image;
    try {
        const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1,
                          const_cast<std::uint8_t*>(bytes.data()));
        image = cv::imdecode(raw, cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception& e) {
        return syncFail(SyncErrorCode::InvalidInput, std::string("undecodable image: ") + e.what());
    }
    if (image.empty())
        return syncFail(SyncErrorCode::InvalidInput, "DICOM photo encode: undecodable image");
    if (image.depth() != CV_8U)
        return syncFail(SyncErrorCode::InvalidInput,
                        "DICOM photo encode: only 8-bit images (a 16-bit PNG is not a photo)");
    if (image.channels() == 4)
        cv::cvtColor(image, image, cv::COLOR_BGRA2BGR);
    return image;
}

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
    item.putAndInsertOFStringArray(tag, OFString(value.c_str(), value.size()));
}

void putCode(DcmItem& item, const char* scheme, const char* code, const char* meaning) {
    put(item, DCM_CodeValue, code);
    put(item, DCM_CodingSchemeDesignator, scheme);
    put(item, DCM_CodeMeaning, meaning);
}

// (0011,10ee) in the block that (0011,0010) = "CICATRIX 1" reserves.
void putPrivate(DcmItem& item, Uint16 element, const std::string& value, DcmEVR vr = EVR_LO) {
    DcmTag tag(0x0011, element, vr);
    tag.setPrivateCreator(kPrivateCreator);
    item.putAndInsertString(tag, value.c_str());
}

}  // namespace

SyncResult<std::vector<std::uint8_t>> encodeDicomPhoto(const DicomPhotoToEncode& photo) {
    for (const auto* uid : {&photo.uids.study, &photo.uids.series, &photo.uids.sopInstance}) {
        if (!isValidUid(*uid))
            return invalid("invalid UID '" + *uid + "'");
    }
    if (photo.patient.id.empty())
        return invalid("no PatientID (the patient's hospital id)");
    const auto when = detail::isoToDicom(photo.captureTimeIso);
    if (!when)
        return invalid("capture time '" + photo.captureTimeIso + "' is not YYYY-MM-DDTHH:MM:SS");
    const std::string source = photo.photoSource;
    if (!source.empty() && source != "clinic" && source != "home_nurse" && source != "patient" &&
        source != "imported")
        return invalid("unknown photo source '" + source + "'");
    if (photo.mediaType != "image/jpeg" && photo.mediaType != "image/png")
        return invalid("unsupported media type '" + photo.mediaType + "'");
    if (auto dict = detail::requireDictionary(); !dict)
        return std::unexpected(dict.error());

    try {
        DcmFileFormat file;
        DcmDataset& ds = *file.getDataset();
        // SOP Common, Patient, General Study
        put(ds, DCM_SpecificCharacterSet, "ISO_IR 192");
        put(ds, DCM_SOPClassUID, kVlPhotographicImageStorage);
        put(ds, DCM_SOPInstanceUID, photo.uids.sopInstance);
        put(ds, DCM_PatientName, cleanValue(photo.patient.name, 64));
        put(ds, DCM_PatientID, cleanValue(photo.patient.id, 64));
        const auto birth = detail::isoToDicom(photo.patient.birthDate);
        put(ds, DCM_PatientBirthDate, birth ? birth->date : std::string());
        put(ds, DCM_PatientSex, "");
        put(ds, DCM_StudyInstanceUID, photo.uids.study);
        put(ds, DCM_StudyDate, when->date);
        put(ds, DCM_StudyTime, when->time);
        put(ds, DCM_ReferringPhysicianName, "");
        put(ds, DCM_StudyID, "");
        put(ds, DCM_AccessionNumber, "");
        if (!photo.studyDescription.empty())
            put(ds, DCM_StudyDescription, cleanValue(photo.studyDescription, 64));
        // General Series, General Equipment
        put(ds, DCM_Modality, "XC");
        put(ds, DCM_SeriesInstanceUID, photo.uids.series);
        put(ds, DCM_SeriesNumber, "");
        put(ds, DCM_Laterality, lateralityCode(photo.laterality));
        if (!photo.seriesDescription.empty())
            put(ds, DCM_SeriesDescription, cleanValue(photo.seriesDescription, 64));
        put(ds, DCM_Manufacturer, "Cicatrix");
        if (!photo.institutionName.empty())
            put(ds, DCM_InstitutionName, cleanValue(photo.institutionName, 64));
        // General Image, VL Image, Acquisition Context
        put(ds, DCM_InstanceNumber, "");
        put(ds, DCM_PatientOrientation, "");
        put(ds, DCM_ImageType, "ORIGINAL\\PRIMARY");
        put(ds, DCM_ContentDate, when->date);
        put(ds, DCM_ContentTime, when->time);
        if (!photo.captureTimeApproximate)
            put(ds, DCM_AcquisitionDateTime, when->date + when->time);
        put(ds, DCM_BurnedInAnnotation, "NO");
        ds.insertEmptyElement(DCM_AcquisitionContextSequence);
        if (const SiteCode* site = siteCode(photo.anatomicSite)) {
            DcmItem* item = nullptr;
            if (ds.findOrCreateSequenceItem(DCM_AnatomicRegionSequence, item, 0).good())
                putCode(*item, "SCT", site->code, site->meaning);
        }
        // Private block (0011,0010) "CICATRIX 1": (0011,1001) source, (0011,1002) free-text site,
        // (0011,1010) a home photo's enrolment token
        put(ds, DcmTagKey(0x0011, 0x0010), kPrivateCreator);
        if (!source.empty())
            putPrivate(ds, 0x1001, source);
        if (const std::string site = cleanValue(photo.anatomicSite, 64); !site.empty())
            putPrivate(ds, 0x1002, site);
        if (!photo.enrolmentToken.empty())
            putPrivate(ds, static_cast<Uint16>(0x1000 | kPrivateEnrolmentToken),
                       photo.enrolmentToken, EVR_LT);

        // Image Pixel
        std::optional<JpegInfo> jpeg;
        if (photo.mediaType == "image/jpeg") {
            jpeg = readJpegMarkers(photo.imageBytes);
            if (!jpeg)
                return invalid("not a JPEG stream");
        }
        E_TransferSyntax xfer = EXS_LittleEndianExplicit;
        int rows = 0, columns = 0, samples = 0;
        if (jpeg && encapsulatable(*jpeg)) {
            xfer = EXS_JPEGProcess1;
            rows = jpeg->height;
            columns = jpeg->width;
            samples = jpeg->components;
            // A 3-component YCbCr JPEG is YBR_FULL_422 (PS3.5 8.2.1) whatever its sampling: the
            // VL Image module enumerates no YBR_FULL, and the codestream tells decoders the rest.
            const char* photometric = samples == 1 ? "MONOCHROME2"
                                      : jpeg->rgb  ? "RGB"
                                                   : "YBR_FULL_422";
            put(ds, DCM_PhotometricInterpretation, photometric);
            std::vector<std::uint8_t> fragment(photo.imageBytes.begin(), photo.imageBytes.end());
            if (fragment.size() % 2 != 0)
                fragment.push_back(0);  // even length; the decoder drops it after EOI
            auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
            sequence->insert(new DcmPixelItem(DCM_PixelItemTag));  // empty basic offset table
            auto* item = new DcmPixelItem(DCM_PixelItemTag);
            item->putUint8Array(fragment.data(), static_cast<unsigned long>(fragment.size()));
            sequence->insert(item);
            auto* pixelData = new DcmPixelData(DCM_PixelData);
            pixelData->putOriginalRepresentation(xfer, nullptr, sequence);
            ds.insert(pixelData);
        } else {
            auto decoded = decodePixels(photo.imageBytes);
            if (!decoded)
                return std::unexpected(decoded.error());
            cv::Mat image = std::move(*decoded);
            if (image.channels() == 3)
                cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
            rows = image.rows;
            columns = image.cols;
            samples = image.channels();
            put(ds, DCM_PhotometricInterpretation, samples == 1 ? "MONOCHROME2" : "RGB");
            if (!image.isContinuous())
                image = image.clone();
            ds.putAndInsertUint8Array(DCM_PixelData, image.data, image.total() * image.elemSize());
        }
        if (rows > 0xFFFF || columns > 0xFFFF || rows <= 0 || columns <= 0)
            return invalid("image size " + std::to_string(columns) + "x" + std::to_string(rows) +
                           " does not fit Rows/Columns");
        ds.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(samples));
        if (samples > 1)
            ds.putAndInsertUint16(DCM_PlanarConfiguration, 0);
        ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows));
        ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(columns));
        ds.putAndInsertUint16(DCM_BitsAllocated, 8);
        ds.putAndInsertUint16(DCM_BitsStored, 8);
        ds.putAndInsertUint16(DCM_HighBit, 7);
        ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
        // A JPEG (other than lossless process 14) has been lossy-compressed, whether it travels
        // encapsulated or decoded; once "01", always "01" (PS3.3 C.7.6.1.1.5).
        const bool lossy = jpeg && jpeg->sof != 0xC3 && jpeg->sof != 0xC7 && jpeg->sof != 0xCB &&
                           jpeg->sof != 0xCF;
        put(ds, DCM_LossyImageCompression, lossy ? "01" : "00");
        if (lossy) {
            const double uncompressed = static_cast<double>(rows) * columns * samples;
            put(ds, DCM_LossyImageCompressionRatio,
                compressionRatio(uncompressed / static_cast<double>(photo.imageBytes.size())));
            put(ds, DCM_LossyImageCompressionMethod, "ISO_10918_1");
        }
        return detail::writePart10(file, xfer);
    } catch (const std::exception& e) {
        return syncFail(SyncErrorCode::Library, std::string("DICOM photo encode: ") + e.what());
    }
}

}  // namespace cicatrix::sync
