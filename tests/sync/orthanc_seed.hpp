// Seeding a test Orthanc with photos: Orthanc's /tools/create-dicom turns a real JPEG (a FUSeg
// sample) into a VL Photographic Image instance with the UIDs we choose (it stores the pixels
// decoded; JPEG-encapsulated objects come with our DCMTK codec).
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "support/orthanc_server.hpp"
#include "sync/http_client.hpp"

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
                       series + R"(", "Modality": "XC", "SOPClassUID": "1.2.840.10008.5.1.4.1.1.77.1.4")";
    if (!sopUid.empty())
        tags += R"(, "SOPInstanceUID": ")" + sopUid + R"(")";
    const std::string body = "{\"Tags\": {" + tags +
                             "}, \"Force\": true, \"Content\": \"data:image/jpeg;base64," +
                             base64(jpeg) + "\"}";
    return requireSuccess(client.send({"POST", server.url() + "/tools/create-dicom", {}, body}),
                          "seed");
}

}  // namespace cicatrix::sync::seed
