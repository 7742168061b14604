// The DICOM photo codec: a library photo encoded as VL Photographic Image and decoded back keeps
// the JPEG bytes, UIDs, patient, capture time, laterality and source; a PNG travels losslessly;
// dciodvfy finds no error; hostile or unsupported objects are refused, odd but valid ones read.
#include "sync/dicom_photo.hpp"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "sync/dicom_test_support.hpp"
#include "sync/qido.hpp"

namespace cicatrix::sync {
namespace {

using namespace cicatrix::sync::testing;

// The sample photo, alive for the whole run (DicomPhotoToEncode only holds a span of it).
const Bytes& sampleJpeg() {
    static const Bytes bytes = sampleJpegBytes();
    return bytes;
}

// `jpeg` must outlive the result (imageBytes is a span).
DicomPhotoToEncode samplePhoto(const Bytes& jpeg) {
    DicomPhotoToEncode photo;
    photo.uids = {"2.25.1001", "2.25.1001.1", "2.25.1001.1.1"};
    photo.patient = {"HOSP-42", "Müller^Zoë", "1950-03-07"};
    photo.captureTimeIso = "2024-05-17T14:03:22";
    photo.studyDescription = "Wound care visit";
    photo.seriesDescription = "Left heel ulcer";
    photo.anatomicSite = "left heel";
    photo.laterality = "left";
    photo.photoSource = "home_nurse";
    photo.mediaType = "image/jpeg";
    photo.imageBytes = jpeg;
    return photo;
}

Bytes encodeOk(const DicomPhotoToEncode& photo) {
    auto encoded = encodeDicomPhoto(photo);
    EXPECT_TRUE(encoded.has_value()) << (encoded ? "" : encoded.error().message);
    return encoded ? *encoded : Bytes{};
}

void expectNoDciodvfyError(const Bytes& object) {
    std::string output;
    const auto errors = dciodvfyErrors(object, output);
    EXPECT_TRUE(errors.empty()) << output;
}

void expectMalformed(const Bytes& object, const std::string& reasonPart) {
    const auto decoded = decodeDicomPhoto(object);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().code, SyncErrorCode::Malformed);
    EXPECT_NE(decoded.error().message.find(reasonPart), std::string::npos)
        << decoded.error().message;
}

TEST(DicomPhoto, JpegRoundTripKeepsTheBitstreamAndTheAttributes) {
    const Bytes jpeg = sampleJpegBytes();
    ASSERT_GT(jpeg.size(), 1000U);
    const Bytes object = encodeOk(samplePhoto(jpeg));
    auto file = parse(object);
    EXPECT_EQ(file->getDataset()->getOriginalXfer(), EXS_JPEGProcess1);

    const auto decoded = decodeDicomPhoto(object);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->imageBytes, jpeg);  // byte for byte, never re-encoded
    EXPECT_EQ(decoded->mediaType, "image/jpeg");
    EXPECT_EQ(decoded->sopClassUid, kVlPhotographicImageStorage);
    EXPECT_EQ(decoded->transferSyntaxUid, "1.2.840.10008.1.2.4.50");
    EXPECT_EQ(decoded->uids.study, "2.25.1001");
    EXPECT_EQ(decoded->uids.series, "2.25.1001.1");
    EXPECT_EQ(decoded->uids.sopInstance, "2.25.1001.1.1");
    EXPECT_EQ(decoded->patient.id, "HOSP-42");
    EXPECT_EQ(decoded->patient.name, "Müller^Zoë");
    EXPECT_EQ(decoded->patient.birthDate, "1950-03-07");
    ASSERT_TRUE(decoded->captureTime.has_value());
    EXPECT_EQ(decoded->captureTime->iso, "2024-05-17T14:03:22");
    EXPECT_FALSE(decoded->captureTime->approximate());
    EXPECT_EQ(decoded->laterality, "L");
    EXPECT_EQ(decoded->anatomicRegionCode, "76853006");
    EXPECT_EQ(decoded->anatomicRegionMeaning, "Heel");
    EXPECT_EQ(decoded->photoSource, "home_nurse");
    EXPECT_EQ(decoded->studyDescription, "Wound care visit");
    EXPECT_EQ(decoded->seriesDescription, "Left heel ulcer");
    const cv::Mat image = cv::imdecode(jpeg, cv::IMREAD_COLOR);
    EXPECT_EQ(decoded->width, image.cols);
    EXPECT_EQ(decoded->height, image.rows);

    // The same photo encoded again is the same object (stable UIDs: a re-push is idempotent).
    EXPECT_EQ(encodeOk(samplePhoto(jpeg)), object);
}

TEST(DicomPhoto, ApproximateCaptureTimeIsWrittenAsContentTimeOnly) {
    auto photo = samplePhoto(sampleJpeg());
    photo.captureTimeApproximate = true;
    photo.laterality = "unspecified";
    photo.anatomicSite = "left lateral malleolus area";  // no code: free text travels privately
    photo.photoSource = "clinic";
    const Bytes object = encodeOk(photo);
    auto file = parse(object);
    DcmDataset& ds = *file->getDataset();
    EXPECT_FALSE(ds.tagExists(DCM_AcquisitionDateTime));
    OFString laterality = "x";
    EXPECT_TRUE(ds.tagExists(DCM_Laterality));  // Type 2C: present, empty
    ds.findAndGetOFString(DCM_Laterality, laterality);
    EXPECT_EQ(laterality, "");

    const auto decoded = decodeDicomPhoto(object);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    ASSERT_TRUE(decoded->captureTime.has_value());
    EXPECT_EQ(decoded->captureTime->iso, "2024-05-17T14:03:22");
    EXPECT_EQ(decoded->captureTime->source, DicomTimeSource::ContentDateTime);
    EXPECT_TRUE(decoded->captureTime->approximate());
    EXPECT_EQ(decoded->laterality, "");
    EXPECT_EQ(decoded->anatomicRegionCode, "");
    EXPECT_EQ(decoded->anatomicRegionMeaning, "left lateral malleolus area");
    EXPECT_EQ(decoded->photoSource, "clinic");
}

TEST(DicomPhoto, EnrolmentTokenTravelsAsPrivateLongText) {
    const Bytes jpeg = sampleJpegBytes();
    EXPECT_FALSE(decodeDicomPhoto(encodeOk(samplePhoto(jpeg)))->enrolmentToken.has_value());

    auto photo = samplePhoto(jpeg);
    const std::string token = "c1.AQAEUC0xMgACVzEAAAAAZ-Q5sAAAAAAAAAAAAAAAAAAAAAAA." +
                              std::string(86, 'x') + "_-";  // base64url, longer than an LO
    photo.enrolmentToken = token;
    const Bytes object = encodeOk(photo);
    auto file = parse(object);
    DcmDataset& ds = *file->getDataset();
    OFString creator, value;
    ASSERT_TRUE(ds.findAndGetOFString(DcmTagKey(0x0011, 0x0010), creator).good());
    EXPECT_EQ(creator, kPrivateCreator);
    DcmElement* element = nullptr;
    ASSERT_TRUE(ds.findAndGetElement(DcmTagKey(0x0011, 0x1010), element).good());
    EXPECT_EQ(element->getVR(), EVR_LT);
    ASSERT_TRUE(ds.findAndGetOFString(DcmTagKey(0x0011, 0x1010), value).good());
    EXPECT_EQ(value, token.c_str());

    const auto decoded = decodeDicomPhoto(object);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->enrolmentToken, token);
    expectNoDciodvfyError(object);
}

TEST(DicomPhoto, PngTravelsAsNativeRgbWithIdenticalPixels) {
    cv::Mat bgr(37, 53, CV_8UC3);
    cv::randu(bgr, cv::Scalar::all(0), cv::Scalar::all(256));
    std::vector<std::uint8_t> png;
    ASSERT_TRUE(cv::imencode(".png", bgr, png));
    auto photo = samplePhoto({});
    photo.mediaType = "image/png";
    photo.imageBytes = png;
    const Bytes object = encodeOk(photo);
    auto file = parse(object);
    EXPECT_EQ(file->getDataset()->getOriginalXfer(), EXS_LittleEndianExplicit);
    OFString lossy;
    file->getDataset()->findAndGetOFString(DCM_LossyImageCompression, lossy);
    EXPECT_EQ(lossy, "00");

    const auto decoded = decodeDicomPhoto(object);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->mediaType, "image/png");
    const cv::Mat back = cv::imdecode(decoded->imageBytes, cv::IMREAD_UNCHANGED);
    ASSERT_EQ(back.type(), CV_8UC3);
    ASSERT_EQ(back.size(), bgr.size());
    EXPECT_EQ(cv::norm(back, bgr, cv::NORM_INF), 0.0);
    expectNoDciodvfyError(object);
}

TEST(DicomPhoto, EncodedPhotosPassDciodvfy) {
    const Bytes jpeg = sampleJpegBytes();
    expectNoDciodvfyError(encodeOk(samplePhoto(jpeg)));
    auto photo = samplePhoto(jpeg);  // unknown side and site, approximate time, no birth date
    photo.laterality = "";
    photo.anatomicSite = "";
    photo.captureTimeApproximate = true;
    photo.patient.birthDate = "";
    photo.photoSource = "";
    expectNoDciodvfyError(encodeOk(photo));
}

TEST(DicomPhoto, EncodeRefusesBadInput) {
    auto photo = samplePhoto(sampleJpeg());
    photo.uids.sopInstance = "1.2.3/4";
    EXPECT_EQ(encodeDicomPhoto(photo).error().code, SyncErrorCode::InvalidInput);
    photo = samplePhoto(sampleJpeg());
    photo.mediaType = "image/tiff";
    EXPECT_EQ(encodeDicomPhoto(photo).error().code, SyncErrorCode::InvalidInput);
    const Bytes notJpeg(100, 0x42);
    photo = samplePhoto(notJpeg);
    EXPECT_EQ(encodeDicomPhoto(photo).error().code, SyncErrorCode::InvalidInput);
}

TEST(DicomPhoto, DecodeRefusesWhatIsNotAUsablePhoto) {
    std::mt19937 rng(7);
    Bytes random(4096);
    for (auto& b : random) b = static_cast<std::uint8_t>(rng());
    EXPECT_FALSE(decodeDicomPhoto(random).has_value());
    EXPECT_EQ(decodeDicomPhoto(random).error().code, SyncErrorCode::Malformed);

    const Bytes object = encodeOk(samplePhoto(sampleJpeg()));
    const Bytes truncated(object.begin(), object.begin() + static_cast<long>(object.size() / 2));
    EXPECT_EQ(decodeDicomPhoto(truncated).error().code, SyncErrorCode::Malformed);

    expectMalformed(mutate(object,
                           [](DcmDataset& ds) {
                               ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
                           }),
                    "not a photo");
    for (const char* uid : {"../etc", "1.2.3/4"}) {
        expectMalformed(
            mutate(object,
                   [uid](DcmDataset& ds) { ds.putAndInsertString(DCM_SOPInstanceUID, uid); }),
            "invalid UID");
        expectMalformed(
            mutate(object,
                   [uid](DcmDataset& ds) { ds.putAndInsertString(DCM_StudyInstanceUID, uid); }),
            "invalid UID");
    }
    expectMalformed(
        mutate(object, [](DcmDataset& ds) { ds.putAndInsertString(DCM_PatientID, ""); }),
        "PatientID");
}

// The frame as stored, in the fragments given, in an encapsulated `xfer`.
Bytes withFragments(const Bytes& object, const std::vector<Bytes>& fragments,
                    E_TransferSyntax xfer) {
    auto file = parse(object);
    DcmDataset& ds = *file->getDataset();
    auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
    sequence->insert(new DcmPixelItem(DCM_PixelItemTag));
    for (const Bytes& fragment : fragments) {
        auto* item = new DcmPixelItem(DCM_PixelItemTag);
        item->putUint8Array(fragment.data(), static_cast<unsigned long>(fragment.size()));
        sequence->insert(item);
    }
    auto* pixelData = new DcmPixelData(DCM_PixelData);
    pixelData->putOriginalRepresentation(xfer, nullptr, sequence);
    ds.insert(pixelData, OFTrue);
    return serialise(*file, xfer);
}

TEST(DicomPhoto, DecodeRefusesJpeg2000) {
    const Bytes object = encodeOk(samplePhoto(sampleJpeg()));
    expectMalformed(withFragments(object, {Bytes(64, 0x11)}, EXS_JPEG2000),
                    "transfer syntax 1.2.840.10008.1.2.4.91");
}

TEST(DicomPhoto, MultiFragmentJpegIsConcatenated) {
    Bytes jpeg = sampleJpegBytes();
    if (jpeg.size() % 2 != 0)
        jpeg.push_back(0);  // the sample's own padding would come back; keep the test exact
    const Bytes object = encodeOk(samplePhoto(jpeg));
    std::vector<Bytes> fragments;
    const std::size_t cuts[] = {0, 1000, 1000 + 20000, jpeg.size()};
    for (int i = 0; i < 3; ++i)
        fragments.emplace_back(jpeg.begin() + static_cast<long>(cuts[i]),
                               jpeg.begin() + static_cast<long>(cuts[i + 1]));
    const auto decoded = decodeDicomPhoto(withFragments(object, fragments, EXS_JPEGProcess1));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->imageBytes.size(), jpeg.size() - (jpeg.back() == 0 ? 1 : 0));
    EXPECT_TRUE(std::equal(decoded->imageBytes.begin(), decoded->imageBytes.end(), jpeg.begin()));

    expectMalformed(withFragments(object, {Bytes(64, 0x11)}, EXS_JPEGProcess1), "FFD8");
}

TEST(DicomPhoto, FileWithoutPreambleDecodes) {
    const Bytes object = encodeOk(samplePhoto(sampleJpeg()));
    ASSERT_EQ(std::string(object.begin() + 128, object.begin() + 132), "DICM");
    const Bytes noPreamble(object.begin() + 128, object.end());
    const auto decoded = decodeDicomPhoto(noPreamble);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->uids.sopInstance, "2.25.1001.1.1");
}

TEST(DicomPhoto, MissingDatesNeverRefuseAnInstance) {
    const Bytes object = encodeOk(samplePhoto(sampleJpeg()));
    const auto dateTags = {DCM_AcquisitionDateTime, DCM_ContentDate, DCM_ContentTime,
                           DCM_StudyDate,           DCM_StudyTime,   DCM_ImageType};
    const Bytes noDates = mutate(object, [&](DcmDataset& ds) {
        for (const DcmTagKey& tag : dateTags) delete ds.remove(tag);
    });
    const auto none = decodeDicomPhoto(noDates);
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_FALSE(none->captureTime.has_value());

    const Bytes studyOnly = mutate(noDates, [](DcmDataset& ds) {
        ds.putAndInsertString(DCM_StudyDate, "20230102");
        ds.putAndInsertString(DCM_StudyTime, "0930");
    });
    const auto study = decodeDicomPhoto(studyOnly);
    ASSERT_TRUE(study.has_value()) << study.error().message;
    ASSERT_TRUE(study->captureTime.has_value());
    EXPECT_EQ(study->captureTime->iso, "2023-01-02T09:30:00");
    EXPECT_EQ(study->captureTime->source, DicomTimeSource::StudyDateTime);
    EXPECT_TRUE(study->captureTime->approximate());

    const Bytes acquisition = mutate(studyOnly, [](DcmDataset& ds) {
        ds.putAndInsertString(DCM_AcquisitionDate, "20230101");
        ds.putAndInsertString(DCM_AcquisitionTime, "235959.123");
    });
    const auto acquired = decodeDicomPhoto(acquisition);
    ASSERT_TRUE(acquired.has_value()) << acquired.error().message;
    EXPECT_EQ(acquired->captureTime->iso, "2023-01-01T23:59:59");
    EXPECT_FALSE(acquired->captureTime->approximate());
}

TEST(DicomPhoto, Latin1PatientNameComesOutAsUtf8) {
    const Bytes object = encodeOk(samplePhoto(sampleJpeg()));
    const Bytes latin1 = mutate(object, [](DcmDataset& ds) {
        ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
        ds.putAndInsertString(DCM_PatientName, "M\xFCller^J\xE9r\xF4me");
    });
    const auto decoded = decodeDicomPhoto(latin1);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->patient.name, "Müller^Jérôme");
}

TEST(DicomPhoto, SecondaryCaptureWithNativeRgbDecodes) {
    cv::Mat bgr(5, 7, CV_8UC3);
    cv::randu(bgr, cv::Scalar::all(0), cv::Scalar::all(256));
    for (const Uint16 planar : {Uint16{0}, Uint16{1}}) {
        std::vector<std::uint8_t> pixels;
        for (int plane = 0; plane < (planar == 1 ? 3 : 1); ++plane) {
            for (int y = 0; y < bgr.rows; ++y) {
                for (int x = 0; x < bgr.cols; ++x) {
                    const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
                    if (planar == 1) {
                        pixels.push_back(p[2 - plane]);
                    } else {
                        pixels.insert(pixels.end(), {p[2], p[1], p[0]});
                    }
                }
            }
        }
        DcmFileFormat file;
        DcmDataset& ds = *file.getDataset();
        ds.putAndInsertString(DCM_SOPClassUID, kSecondaryCaptureImageStorage);
        ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.3.4.5.6");
        ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.3.4");
        ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.5");
        ds.putAndInsertString(DCM_PatientID, "SC-1");
        ds.putAndInsertString(DCM_Modality, "OT");
        ds.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
        ds.putAndInsertUint16(DCM_SamplesPerPixel, 3);
        ds.putAndInsertUint16(DCM_PlanarConfiguration, planar);
        ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(bgr.rows));
        ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(bgr.cols));
        ds.putAndInsertUint16(DCM_BitsAllocated, 8);
        ds.putAndInsertUint16(DCM_BitsStored, 8);
        ds.putAndInsertUint16(DCM_HighBit, 7);
        ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
        ds.putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size());
        const auto decoded = decodeDicomPhoto(serialise(file, EXS_LittleEndianImplicit));
        ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
        EXPECT_EQ(decoded->mediaType, "image/png");
        EXPECT_FALSE(decoded->captureTime.has_value());
        const cv::Mat back = cv::imdecode(decoded->imageBytes, cv::IMREAD_UNCHANGED);
        ASSERT_EQ(back.size(), bgr.size());
        EXPECT_EQ(cv::norm(back, bgr, cv::NORM_INF), 0.0) << "planar " << planar;

        // A pixel data length that does not match Rows x Columns x 3 is refused.
        ds.putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size() - 6);
        expectMalformed(serialise(file, EXS_LittleEndianImplicit), "pixel data length");
    }
}

TEST(DicomPhoto, GeneratedUidsAreValidAndDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string uid = generateUid();
        EXPECT_TRUE(uid.starts_with("2.25.")) << uid;
        EXPECT_TRUE(isValidUid(uid)) << uid;
        EXPECT_LE(uid.size(), 64U);
        EXPECT_TRUE(uid.size() < 6 || uid[5] != '0' || uid.size() == 6) << uid;  // no leading 0
        seen.insert(uid);
    }
    EXPECT_EQ(seen.size(), 200U);
}

}  // namespace
}  // namespace cicatrix::sync
