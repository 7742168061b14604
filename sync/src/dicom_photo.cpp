// Decoding a pulled VL Photographic Image / Secondary Capture instance into a library photo
// (DCMTK): the encapsulated JPEG bitstream as stored, or native pixels as a lossless PNG; see
// dicom_photo.hpp. Thread-safe (no shared state).
#include "sync/dicom_photo.hpp"

#include "dicom_dataset_util.hpp"

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcsequen.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "sync/qido.hpp"

namespace cicatrix::sync {
namespace {

using detail::firstValue;

constexpr std::uint64_t kMaxPixels = 100'000'000;  // 100 megapixels

SyncResult<DecodedDicomPhoto> malformed(std::string reason) {
    return syncFail(SyncErrorCode::Malformed, "DICOM photo: " + std::move(reason));
}

// JPEG transfer syntaxes whose frames are a plain, lossy ISO 10918-1 bitstream that any JPEG
// decoder reads (baseline and extended; the retired lossy processes as well).
bool isLossyJpeg(E_TransferSyntax xfer) {
    switch (xfer) {
        case EXS_JPEGProcess1:
        case EXS_JPEGProcess2_4:
        case EXS_JPEGProcess3_5:
        case EXS_JPEGProcess6_8:
        case EXS_JPEGProcess7_9:
        case EXS_JPEGProcess10_12:
        case EXS_JPEGProcess11_13:
        case EXS_JPEGProcess16_18:
        case EXS_JPEGProcess17_19:
        case EXS_JPEGProcess20_22:
        case EXS_JPEGProcess21_23:
        case EXS_JPEGProcess24_26:
        case EXS_JPEGProcess25_27:
            return true;
        default:
            return false;
    }
}

// Lossless JPEG (process 14, SV1 ...): also a plain ISO 10918-1 bitstream, kept as stored.
bool isLosslessJpeg(E_TransferSyntax xfer) {
    return xfer == EXS_JPEGProcess14 || xfer == EXS_JPEGProcess14SV1 || xfer == EXS_JPEGProcess15 ||
           xfer == EXS_JPEGProcess28 || xfer == EXS_JPEGProcess29;
}

// The first frame's bytes: fragments after the offset table, concatenated (all of them for a
// single frame; up to the next frame's offset, or one fragment per frame, for several).
SyncResult<std::vector<std::uint8_t>> firstEncapsulatedFrame(DcmPixelData& pixelData,
                                                             E_TransferSyntax xfer, long frames) {
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() ||
        sequence == nullptr)
        return syncFail(SyncErrorCode::Malformed, "DICOM photo: no encapsulated pixel data");
    const unsigned long items = sequence->card();
    if (items < 2)
        return syncFail(SyncErrorCode::Malformed, "DICOM photo: no pixel data fragment");
    unsigned long lastItem = items - 1;
    std::uint64_t frameEnd = UINT64_MAX;  // offset of frame 2 in the fragment stream
    if (frames > 1) {
        DcmPixelItem* table = nullptr;
        Uint8* tableBytes = nullptr;
        if (sequence->getItem(table, 0).good() && table->getLength() >= 8 &&
            table->getUint8Array(tableBytes).good() && tableBytes != nullptr) {
            Uint32 second = 0;
            std::memcpy(&second, tableBytes + 4, 4);  // little endian host and stream
            frameEnd = second;
        } else if (items - 1 == static_cast<unsigned long>(frames)) {
            lastItem = 1;
        }
    }
    std::vector<std::uint8_t> bytes;
    std::uint64_t offset = 0;
    for (unsigned long i = 1; i <= lastItem && offset < frameEnd; ++i) {
        DcmPixelItem* fragment = nullptr;
        Uint8* data = nullptr;
        if (sequence->getItem(fragment, i).bad())
            return syncFail(SyncErrorCode::Malformed, "DICOM photo: unreadable fragment");
        const Uint32 length = fragment->getLength();
        if (length > 0 && (fragment->getUint8Array(data).bad() || data == nullptr))
            return syncFail(SyncErrorCode::Malformed, "DICOM photo: unreadable fragment");
        bytes.insert(bytes.end(), data, data + length);
        offset += 8 + length;  // item tag and length, then the value
    }
    return bytes;
}

// A JPEG stream as encapsulated: checked for SOI, its even-length pad byte after EOI dropped.
SyncResult<std::vector<std::uint8_t>> jpegFromFrame(std::vector<std::uint8_t> bytes) {
    if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        return syncFail(SyncErrorCode::Malformed,
                        "DICOM photo: the encapsulated frame is not a JPEG stream (no FFD8)");
    if (bytes.size() >= 3 && bytes.back() == 0x00 && bytes[bytes.size() - 2] == 0xD9 &&
        bytes[bytes.size() - 3] == 0xFF)
        bytes.pop_back();
    return bytes;
}

// Native 8-bit pixels (RGB, YBR_FULL, MONOCHROME1/2; planar or interleaved) → lossless PNG.
SyncResult<std::vector<std::uint8_t>> pngFromNative(DcmDataset& dataset, DcmPixelData& pixelData,
                                                    int rows, int columns, long frames) {
    Uint16 samples = 0, bitsAllocated = 0, planar = 0;
    dataset.findAndGetUint16(DCM_SamplesPerPixel, samples);
    dataset.findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
    dataset.findAndGetUint16(DCM_PlanarConfiguration, planar);
    const std::string photometric = firstValue(dataset, DCM_PhotometricInterpretation);
    if (bitsAllocated != 8)
        return syncFail(SyncErrorCode::Malformed, "DICOM photo: " + std::to_string(bitsAllocated) +
                                                      "-bit native pixels not supported");
    const bool colour = photometric == "RGB" || photometric == "YBR_FULL";
    const bool grey = photometric == "MONOCHROME2" || photometric == "MONOCHROME1";
    if (!((colour && samples == 3) || (grey && samples == 1)))
        return syncFail(SyncErrorCode::Malformed,
                        "DICOM photo: photometric interpretation '" + photometric + "' with " +
                            std::to_string(samples) + " samples not supported");
    const std::size_t frameBytes =
        static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns) * samples;
    const std::size_t expected = frameBytes * static_cast<std::size_t>(std::max(frames, 1L));
    Uint8* data = nullptr;
    const Uint32 length = pixelData.getLength();
    if (pixelData.getUint8Array(data).bad() || data == nullptr ||
        (length != expected && length != expected + 1))
        return syncFail(SyncErrorCode::Malformed, "DICOM photo: pixel data length " +
                                                      std::to_string(length) + " does not match " +
                                                      std::to_string(expected) + " bytes");
    cv::Mat image;
    if (grey) {
        image = cv::Mat(rows, columns, CV_8UC1, data).clone();
        if (photometric == "MONOCHROME1")
            cv::bitwise_not(image, image);
    } else {
        if (planar == 1) {
            const std::size_t plane = frameBytes / 3;
            std::vector<cv::Mat> planes;
            for (std::size_t p = 0; p < 3; ++p)
                planes.emplace_back(rows, columns, CV_8UC1, data + p * plane);
            cv::merge(planes, image);
        } else {
            image = cv::Mat(rows, columns, CV_8UC3, data).clone();
        }
        if (photometric == "YBR_FULL") {
            cv::Mat ycrcb;
            cv::mixChannels(image, ycrcb = cv::Mat(image.size(), CV_8UC3),
                            std::vector<int>{0, 0, 1, 2, 2, 1});
            cv::cvtColor(ycrcb, image, cv::COLOR_YCrCb2BGR);
        } else {
            cv::cvtColor(image, image, cv::COLOR_RGB2BGR);
        }
    }
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", image, png))
        return syncFail(SyncErrorCode::Library, "DICOM photo: PNG encoding failed");
    return png;
}

// The capture time by the issue's order; AcquisitionDate/Time counts as the acquisition's own.
std::optional<DicomCaptureTime> captureTime(DcmDataset& dataset) {
    const auto combine = [](std::string_view date,
                            std::string_view time) -> std::optional<std::string> {
        const auto isoDate = detail::dicomDateToIso(date);
        if (!isoDate)
            return std::nullopt;
        return *isoDate + "T" + detail::dicomTimeToIso(time).value_or("00:00:00");
    };
    const std::string dt = firstValue(dataset, DCM_AcquisitionDateTime);
    if (dt.size() >= 8) {
        const std::string rest = dt.substr(8, dt.find_first_of("+-", 8) - 8);
        if (auto iso = combine(dt.substr(0, 8), rest))
            return DicomCaptureTime{*iso, DicomTimeSource::AcquisitionDateTime};
    }
    const std::array<std::tuple<DcmTagKey, DcmTagKey, DicomTimeSource>, 4> pairs{{
        {DCM_AcquisitionDate, DCM_AcquisitionTime, DicomTimeSource::AcquisitionDateTime},
        {DCM_ContentDate, DCM_ContentTime, DicomTimeSource::ContentDateTime},
        {DCM_SeriesDate, DCM_SeriesTime, DicomTimeSource::SeriesDateTime},
        {DCM_StudyDate, DCM_StudyTime, DicomTimeSource::StudyDateTime},
    }};
    for (const auto& [dateTag, timeTag, source] : pairs) {
        if (auto iso = combine(firstValue(dataset, dateTag), firstValue(dataset, timeTag)))
            return DicomCaptureTime{*iso, source};
    }
    return std::nullopt;
}

// (gggg,xxee) of the block that `creator` reserved in group `group`, or nullopt.
std::optional<DcmTagKey> privateTag(DcmDataset& dataset, Uint16 group, Uint16 element) {
    for (Uint16 block = 0x10; block <= 0xFF; ++block) {
        if (firstValue(dataset, DcmTagKey(group, block)) == kPrivateCreator)
            return DcmTagKey(group, static_cast<Uint16>((block << 8) | element));
    }
    return std::nullopt;
}

std::string privateText(DcmDataset& dataset, Uint16 element) {
    const auto key = privateTag(dataset, 0x0011, element);
    if (!key)
        return {};
    std::string value = firstValue(dataset, *key);
    if (value.empty()) {  // read as UN (explicit VR written by a peer that did not know it)
        DcmElement* raw = nullptr;
        Uint8* data = nullptr;
        if (dataset.findAndGetElement(*key, raw).good() && raw->getUint8Array(data).good() &&
            data != nullptr)
            value.assign(reinterpret_cast<const char*>(data), raw->getLength());
        while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
    }
    return value;
}

std::string alphabeticName(std::string pn) {
    pn = pn.substr(0, pn.find('='));
    while (!pn.empty() && (pn.back() == '^' || pn.back() == ' ')) pn.pop_back();
    return pn;
}

std::string lateralityOf(DcmDataset& dataset) {
    std::string value = firstValue(dataset, DCM_Laterality);
    if (value.empty())
        value = firstValue(dataset, DCM_ImageLaterality);
    return value == "L" || value == "R" || value == "B" ? value : std::string();
}

// Strings in UTF-8: converted in place from the declared character set. When DCMTK cannot, the
// bytes are kept and sanitised as they are read (an instance is not refused over a name).
void convertToUtf8(DcmDataset& dataset) {
    const std::string charset = firstValue(dataset, DCM_SpecificCharacterSet);
    if (!charset.empty() && charset != "ISO_IR 192")
        (void)dataset.convertToUTF8();
}

std::string text(DcmItem& item, const DcmTagKey& tag) {
    return detail::sanitizeUtf8(firstValue(item, tag));
}

}  // namespace

SyncResult<DecodedDicomPhoto> decodeDicomPhoto(std::span<const std::uint8_t> part10) {
    try {
        auto file = detail::readPart10(part10);
        if (!file)
            return std::unexpected(file.error());
        DcmDataset& dataset = *(*file)->getDataset();
        DecodedDicomPhoto photo;
        photo.sopClassUid = firstValue(dataset, DCM_SOPClassUID);
        if (photo.sopClassUid != kVlPhotographicImageStorage &&
            photo.sopClassUid != kSecondaryCaptureImageStorage &&
            photo.sopClassUid != "1.2.840.10008.5.1.4.1.1.7.4")  // multi-frame true colour SC
            return malformed("SOP class '" + photo.sopClassUid + "' is not a photo");
        const E_TransferSyntax xfer = dataset.getOriginalXfer();
        const DcmXfer xferInfo(xfer);
        photo.transferSyntaxUid = xferInfo.getXferID();
        photo.uids = {firstValue(dataset, DCM_StudyInstanceUID),
                      firstValue(dataset, DCM_SeriesInstanceUID),
                      firstValue(dataset, DCM_SOPInstanceUID)};
        for (const auto* uid : {&photo.uids.study, &photo.uids.series, &photo.uids.sopInstance}) {
            if (!isValidUid(*uid))
                return malformed("invalid UID '" + detail::sanitizeUtf8(*uid) + "'");
        }
        convertToUtf8(dataset);  // first, then read the strings
        photo.patient.id = text(dataset, DCM_PatientID);
        if (photo.patient.id.empty())
            return malformed("no PatientID");
        photo.patient.name = alphabeticName(text(dataset, DCM_PatientName));
        photo.patient.birthDate =
            detail::dicomDateToIso(firstValue(dataset, DCM_PatientBirthDate)).value_or("");
        photo.studyDescription = text(dataset, DCM_StudyDescription);
        photo.seriesDescription = text(dataset, DCM_SeriesDescription);
        photo.captureTime = captureTime(dataset);
        DcmItem* region = nullptr;
        if (dataset.findAndGetSequenceItem(DCM_AnatomicRegionSequence, region, 0).good() &&
            region != nullptr) {
            photo.anatomicRegionCode = firstValue(*region, DCM_CodeValue);
            photo.anatomicRegionMeaning = text(*region, DCM_CodeMeaning);
        }
        if (photo.anatomicRegionMeaning.empty())
            photo.anatomicRegionMeaning = text(dataset, DCM_BodyPartExamined);
        if (photo.anatomicRegionMeaning.empty())  // our free-text wound site, (0011,xx02)
            photo.anatomicRegionMeaning = detail::sanitizeUtf8(privateText(dataset, 0x02));
        photo.laterality = lateralityOf(dataset);
        const std::string source = privateText(dataset, 0x01);
        if (source == "clinic" || source == "home_nurse" || source == "patient" ||
            source == "imported")
            photo.photoSource = source;
        std::string token = privateText(dataset, kPrivateEnrolmentToken);
        while (!token.empty() && (token.back() == ' ' || token.back() == '\0')) token.pop_back();
        if (!token.empty())
            photo.enrolmentToken = detail::sanitizeUtf8(token);

        Uint16 rows = 0, columns = 0;
        dataset.findAndGetUint16(DCM_Rows, rows);
        dataset.findAndGetUint16(DCM_Columns, columns);
        if (rows == 0 || columns == 0)
            return malformed("no Rows/Columns");
        if (static_cast<std::uint64_t>(rows) * columns > kMaxPixels)
            return malformed("image larger than 100 megapixels");
        photo.width = columns;
        photo.height = rows;
        long frames = 1;
        if (Sint32 n = 0; dataset.findAndGetSint32(DCM_NumberOfFrames, n).good() && n > 1)
            frames = n;
        DcmElement* element = nullptr;
        if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
            return malformed("no pixel data");
        auto& pixelData = dynamic_cast<DcmPixelData&>(*element);
        if (isLossyJpeg(xfer) || isLosslessJpeg(xfer)) {
            auto frame = firstEncapsulatedFrame(pixelData, xfer, frames);
            if (!frame)
                return std::unexpected(frame.error());
            auto jpeg = jpegFromFrame(std::move(*frame));
            if (!jpeg)
                return std::unexpected(jpeg.error());
            photo.mediaType = "image/jpeg";
            photo.imageBytes = std::move(*jpeg);
        } else if (!xferInfo.isEncapsulated()) {
            auto png = pngFromNative(dataset, pixelData, rows, columns, frames);
            if (!png)
                return std::unexpected(png.error());
            photo.mediaType = "image/png";
            photo.imageBytes = std::move(*png);
        } else {
            return malformed(std::string("transfer syntax ") + xferInfo.getXferID() + " (" +
                             xferInfo.getXferName() + ") not supported");
        }
        return photo;
    } catch (const std::exception& e) {
        return malformed(std::string("unexpected failure: ") + e.what());
    }
}

std::string generateUid() {
    // 128 random bits as four 32-bit limbs (most significant first), printed in decimal by
    // repeated division by 10.
    thread_local std::random_device device;
    std::array<std::uint32_t, 4> limbs{};
    for (auto& limb : limbs) limb = static_cast<std::uint32_t>(device());
    std::string digits;
    const auto isZero = [&] {
        return std::all_of(limbs.begin(), limbs.end(), [](std::uint32_t l) { return l == 0; });
    };
    do {
        std::uint64_t remainder = 0;
        for (auto& limb : limbs) {
            const std::uint64_t current = (remainder << 32) | limb;
            limb = static_cast<std::uint32_t>(current / 10);
            remainder = current % 10;
        }
        digits += static_cast<char>('0' + remainder);
    } while (!isZero());
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;  // at most 5 + 39 = 44 characters
}

}  // namespace cicatrix::sync
