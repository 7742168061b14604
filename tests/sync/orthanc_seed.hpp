// Seeding a test Orthanc with photos: Orthanc's /tools/create-dicom turns a real JPEG (a FUSeg
// sample) into a VL Photographic Image instance with the UIDs we choose (it stores the pixels
// decoded; JPEG-encapsulated objects come with our DCMTK codec).
#pragma once

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "support/orthanc_server.hpp"
#include "sync/dicom_photo.hpp"
#include "sync/http_client.hpp"
#include "sync/stow.hpp"

namespace cicatrix::sync::seed {

inline std::string base64(const std::string& bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(n >> k) & 63];
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

inline std::string sampleJpeg() {
    std::ifstream in(std::string(CICATRIX_TEST_DATA_DIR) + "/fuseg-sample/images/0026.jpg",
                     std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline HttpOptions orthancOptions(const test::OrthancServer& server) {
    HttpOptions o;
    o.auth = {HttpAuth::Kind::Basic, server.user(), server.password()};
    return o;
}

// Stores one photo; an empty `sopUid` lets Orthanc choose it.
inline SyncResult<HttpResponse> seedPhoto(HttpClient& client, const test::OrthancServer& server,
                                          const std::string& patient, const std::string& study,
                                          const std::string& series, const std::string& sopUid,
                                          const std::string& jpeg) {
    std::string tags = R"("PatientID": ")" + patient + R"(", "PatientName": "Test^)" + patient +
                       R"(", "StudyInstanceUID": ")" + study + R"(", "SeriesInstanceUID": ")" +
                       series +
                       R"(", "Modality": "XC", "SOPClassUID": "1.2.840.10008.5.1.4.1.1.77.1.4")";
    if (!sopUid.empty())
        tags += R"(, "SOPInstanceUID": ")" + sopUid + R"(")";
    const std::string body = "{\"Tags\": {" + tags +
                             "}, \"Force\": true, \"Content\": \"data:image/jpeg;base64," +
                             base64(jpeg) + "\"}";
    return requireSuccess(client.send({"POST", server.url() + "/tools/create-dicom", {}, body}),
                          "seed");
}

// A photo as the hospital store would hold it: our VL Photographic Image encoder (JPEG kept as
// is) stored with STOW-RS. Returns the SOP Instance UID (new UIDs where empty).
struct SeedPhoto {
    std::string patient = "P1";
    std::string patientName = "Test^Patient";
    std::string studyUid, seriesUid, sopUid;
    std::string wound = "Left heel";
    std::string captureIso = "2026-03-02T10:15:00";
    std::string source = "clinic";
    std::string jpeg;            // default: sampleJpeg()
    std::string enrolmentToken;  // a photo sent from home: (0011,xx10)
};

inline SyncResult<std::string> storeEncodedPhoto(HttpClient& client,
                                                 const test::OrthancServer& server,
                                                 SeedPhoto photo) {
    if (photo.studyUid.empty())
        photo.studyUid = generateUid();
    if (photo.seriesUid.empty())
        photo.seriesUid = generateUid();
    if (photo.sopUid.empty())
        photo.sopUid = generateUid();
    if (photo.jpeg.empty())
        photo.jpeg = sampleJpeg();
    DicomPhotoToEncode e;
    e.uids = {photo.studyUid, photo.seriesUid, photo.sopUid};
    e.patient = {photo.patient, photo.patientName, ""};
    e.captureTimeIso = photo.captureIso;
    e.seriesDescription = photo.wound;
    e.photoSource = photo.source;
    e.enrolmentToken = photo.enrolmentToken;
    e.mediaType = "image/jpeg";
    e.imageBytes = {reinterpret_cast<const std::uint8_t*>(photo.jpeg.data()), photo.jpeg.size()};
    auto dicom = encodeDicomPhoto(e);
    if (!dicom)
        return std::unexpected(dicom.error());
    const StowInstance instance{photo.sopUid, std::string(dicom->begin(), dicom->end())};
    if (auto stored = storeInstances(client, server.dicomWebRoot(), std::span(&instance, 1));
        !stored)
        return std::unexpected(stored.error());
    return photo.sopUid;
}

// A distinct JPEG photo for each `variant` (the sample with the number drawn in a corner).
inline std::string distinctJpeg(int variant) {
    const std::string sample = sampleJpeg();
    cv::Mat image =
        cv::imdecode(std::vector<std::uint8_t>(sample.begin(), sample.end()), cv::IMREAD_COLOR);
    cv::putText(image, std::to_string(variant), {10, 40}, cv::FONT_HERSHEY_SIMPLEX, 1.2,
                {255, 255, 255}, 2);
    std::vector<std::uint8_t> out;
    cv::imencode(".jpg", image, out, {cv::IMWRITE_JPEG_QUALITY, 90});
    return {out.begin(), out.end()};
}

}  // namespace cicatrix::sync::seed
