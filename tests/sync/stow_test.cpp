// STOW-RS: an instance taken from one real Orthanc is stored into another and found there by
// QIDO; against a fake peer, a 200 that confirms nothing and an explicit failure are errors, and
// the request is one well-framed multipart body.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_http_server.hpp"
#include "support/orthanc_server.hpp"
#include "sync/multipart.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/qido.hpp"
#include "sync/stow.hpp"
#include "sync/wado.hpp"

namespace cicatrix::sync {
namespace {

using test::FakeHttpServer;
using test::OrthancServer;

const InstanceRef kPhoto{"1.2.826.0.1.3680043.10.3.1", "1.2.826.0.1.3680043.10.3.1.1",
                         "1.2.826.0.1.3680043.10.3.1.1.1"};

TEST(StowOrthanc, AnInstanceFromOneServerIsStoredInAnother) {
    std::string error;
    auto source = OrthancServer::start(error);
    ASSERT_NE(source, nullptr) << error;
    auto target = OrthancServer::start(error);
    ASSERT_NE(target, nullptr) << error;
    HttpClient fromSource(seed::orthancOptions(*source));
    ASSERT_TRUE(seed::seedPhoto(fromSource, *source, "P9", kPhoto.studyUid, kPhoto.seriesUid,
                                kPhoto.sopInstanceUid, seed::sampleJpeg()));
    auto dicom = retrieveInstance(fromSource, source->dicomWebRoot(), kPhoto);
    ASSERT_TRUE(dicom) << dicom.error().message;

    HttpClient toTarget(seed::orthancOptions(*target));
    const StowInstance instance{kPhoto.sopInstanceUid, *dicom};
    auto stored = storeInstances(toTarget, target->dicomWebRoot(), std::span(&instance, 1));
    ASSERT_TRUE(stored) << stored.error().message;
    QidoQuery query;
    query.level = QidoQuery::Level::Instances;
    auto found = qidoSearch(toTarget, target->dicomWebRoot(), query);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].first(tag::kSopInstanceUid), kPhoto.sopInstanceUid);
    EXPECT_EQ((*found)[0].first(tag::kPatientId), "P9");
    // Storing the same instance again is idempotent (the server keeps one).
    ASSERT_TRUE(storeInstances(toTarget, target->dicomWebRoot(), std::span(&instance, 1)));
    EXPECT_EQ(qidoSearch(toTarget, target->dicomWebRoot(), query)->size(), 1u);
}

FakeHttpServer::Response json(std::string body) {
    FakeHttpServer::Response r;
    r.headers = {{"Content-Type", "application/dicom+json"}};
    r.body = std::move(body);
    return r;
}

const std::string kDicom = std::string(128, '\0') + "DICM" + std::string(256, 'p');

TEST(Stow, AnAnswerThatConfirmsNothingIsAnError) {
    FakeHttpServer server([](const FakeHttpServer::Request&) { return json("{}"); });
    HttpClient client;
    const StowInstance instance{"1.2.3.4", kDicom};
    auto r = storeInstances(client, server.url() + "/dicom-web", std::span(&instance, 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Malformed);
    EXPECT_NE(r.error().message.find("did not confirm"), std::string::npos);
    // What was sent: one multipart body holding the instance, no Expect header.
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].target, "/dicom-web/studies");
    EXPECT_FALSE(requests[0].hasHeader("Expect"));
    const auto boundary = multipartBoundary(requests[0].header("Content-Type").value_or(""));
    ASSERT_TRUE(boundary);
    auto parts = parseMultipart(requests[0].body, *boundary);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].contentType, "application/dicom");
    EXPECT_TRUE((*parts)[0].body == kDicom);
}

TEST(Stow, AFailedInstanceIsReportedWithItsReason) {
    FakeHttpServer server([](const FakeHttpServer::Request&) {
        return json(
            R"({"00081198": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["1.2.3.4"]},
                        "00081197": {"vr": "US", "Value": ["A700"]}}]},
                        "00081199": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["1.2.3.5"]}}]}})");
    });
    HttpClient client;
    const std::vector<StowInstance> instances{{"1.2.3.5", kDicom}, {"1.2.3.4", kDicom}};
    auto r = storeInstances(client, server.url() + "/dicom-web", instances);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("1.2.3.4"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("A700"), std::string::npos) << r.error().message;

    const StowInstance badUid{"1.2/../3", kDicom};
    auto refused = storeInstances(client, server.url() + "/dicom-web", std::span(&badUid, 1));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, SyncErrorCode::InvalidInput);
}

}  // namespace
}  // namespace cicatrix::sync
