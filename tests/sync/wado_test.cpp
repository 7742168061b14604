// WADO-RS against a real Orthanc: an instance comes back byte for byte as the server stores it
// (transfer-syntax=*: never transcoded); series metadata as DICOM JSON. Against a
// fake peer: a multipart answer cut short, one that is not multipart, a part that is not DICOM.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_http_server.hpp"
#include "support/orthanc_server.hpp"
#include "sync/multipart.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/wado.hpp"

namespace cicatrix::sync {
namespace {

using test::FakeHttpServer;
using test::OrthancServer;

const InstanceRef kPhoto{"1.2.826.0.1.3680043.10.2.1", "1.2.826.0.1.3680043.10.2.1.1",
                         "1.2.826.0.1.3680043.10.2.1.1.1"};

TEST(WadoOrthanc, RetrievesTheOriginalJpegUntouchedAndTheMetadata) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;
    HttpClient client(seed::orthancOptions(*server));
    const std::string jpeg = seed::sampleJpeg();
    auto seeded = seed::seedPhoto(client, *server, "P1", kPhoto.studyUid, kPhoto.seriesUid,
                                  kPhoto.sopInstanceUid, jpeg);
    ASSERT_TRUE(seeded) << seeded.error().message;
    const std::string orthancId = nlohmann::json::parse(seeded->body).at("ID").get<std::string>();
    auto stored = requireSuccess(
        client.send({"GET", server->url() + "/instances/" + orthancId + "/file", {}, {}}),
        "stored file");
    ASSERT_TRUE(stored) << stored.error().message;
    std::uint64_t reported = 0;
    auto dicom = retrieveInstance(
        client, server->dicomWebRoot(), kPhoto, {},
        [&](std::uint64_t done, std::uint64_t) { reported = std::max(reported, done); });
    ASSERT_TRUE(dicom) << dicom.error().message;
    EXPECT_EQ(dicom->substr(128, 4), "DICM");
    EXPECT_TRUE(*dicom == stored->body)
        << "transfer-syntax=*: the instance exactly as stored, never transcoded";
    EXPECT_GE(reported, dicom->size()) << "progress reached the whole answer";

    auto metadata =
        retrieveSeriesMetadata(client, server->dicomWebRoot(), kPhoto.studyUid, kPhoto.seriesUid);
    ASSERT_TRUE(metadata) << metadata.error().message;
    ASSERT_EQ(metadata->size(), 1u);
    EXPECT_EQ((*metadata)[0].first(tag::kSopInstanceUid), kPhoto.sopInstanceUid);
    EXPECT_EQ((*metadata)[0].first(tag::kPatientId), "P1");

    auto missing =
        retrieveInstance(client, server->dicomWebRoot(),
                         {kPhoto.studyUid, kPhoto.seriesUid, "1.2.826.0.1.3680043.10.2.9"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SyncErrorCode::HttpStatus);
    EXPECT_EQ(missing.error().httpStatus, 404);
}

SyncResult<std::string> retrieveFrom(FakeHttpServer::Response response) {
    FakeHttpServer server([response](const FakeHttpServer::Request&) { return response; });
    HttpClient client;
    return retrieveInstance(client, server.url() + "/dicom-web", kPhoto);
}

FakeHttpServer::Response multipartAnswer(std::string body) {
    FakeHttpServer::Response r;
    r.headers = {
        {"Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b0undary"}};
    r.body = std::move(body);
    return r;
}

TEST(Wado, RefusesBrokenAnswers) {
    const std::string dicom = std::string(128, '\0') + "DICM" + std::string(64, 'x');
    const std::string good = buildMultipart({{"application/dicom", dicom}}, "b0undary");
    auto ok = retrieveFrom(multipartAnswer(good));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(*ok, dicom);

    auto cut = retrieveFrom(multipartAnswer(good.substr(0, good.size() - 20)));
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().code, SyncErrorCode::Truncated) << cut.error().message;

    FakeHttpServer::Response plain;
    plain.headers = {{"Content-Type", "application/json"}};
    plain.body = "{}";
    auto notMultipart = retrieveFrom(plain);
    ASSERT_FALSE(notMultipart);
    EXPECT_EQ(notMultipart.error().code, SyncErrorCode::Malformed);

    auto notDicom = retrieveFrom(
        multipartAnswer(buildMultipart({{"application/dicom", "<html/>"}}, "b0undary")));
    ASSERT_FALSE(notDicom);
    EXPECT_EQ(notDicom.error().code, SyncErrorCode::Malformed);

    auto twoParts = retrieveFrom(multipartAnswer(
        buildMultipart({{"application/dicom", dicom}, {"application/dicom", dicom}}, "b0undary")));
    ASSERT_FALSE(twoParts);
    EXPECT_EQ(twoParts.error().code, SyncErrorCode::Malformed);
}

TEST(Wado, RefusesUidsThatCouldBePaths) {
    HttpClient client;
    auto r =
        retrieveInstance(client, "http://127.0.0.1:1/dicom-web", {kPhoto.studyUid, "..", "1.2"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::InvalidInput);
}

TEST(Multipart, ParsesQuotedBoundariesPreamblesAndPartHeaders) {
    EXPECT_EQ(multipartBoundary("multipart/related; type=\"application/dicom\"; boundary=\"a b\""),
              "a b");
    EXPECT_EQ(multipartBoundary("Multipart/Related; boundary=xyz; type=x"), "xyz");
    EXPECT_FALSE(multipartBoundary("application/dicom"));
    const std::string body =
        "preamble\r\n--xyz\r\nContent-Type: application/dicom\r\nX-Other: 1\r\n\r\nfirst\r\n--xyz"
        "\r\n\r\nsecond\r\n--xyz--\r\n";
    auto parts = parseMultipart(body, "xyz");
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].contentType, "application/dicom");
    EXPECT_EQ((*parts)[0].body, "first");
    EXPECT_EQ((*parts)[1].body, "second");
    auto roundTrip = parseMultipart(buildMultipart(*parts, "xyz"), "xyz");
    ASSERT_TRUE(roundTrip);
    EXPECT_EQ((*roundTrip)[1].body, "second");
}

}  // namespace
}  // namespace cicatrix::sync
