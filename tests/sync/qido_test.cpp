// QIDO-RS against a real Orthanc seeded with photos (made by Orthanc's /tools/create-dicom from
// a real JPEG): studies of a patient, every instance read page by page; and against a fake peer,
// answers that must be refused: malformed JSON, a wrong content type, a UID with path characters.
#include <gtest/gtest.h>

#include <set>

#include "support/fake_http_server.hpp"
#include "support/orthanc_server.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/qido.hpp"

namespace cicatrix::sync {
namespace {

using test::FakeHttpServer;
using test::OrthancServer;

class QidoOrthanc : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        std::string error;
        s_server = OrthancServer::start(error).release();
        ASSERT_NE(s_server, nullptr) << error;
        const std::string jpeg = seed::sampleJpeg();
        ASSERT_FALSE(jpeg.empty());
        HttpClient client(options());
        // Patient P1: 2 visits (studies) with 2 and 3 photos; patient P2: 1 photo.
        const struct {
            const char* patient;
            const char* study;
            int photos;
        } photos[] = {{"P1", "1.2.826.0.1.3680043.10.1.1", 2},
                      {"P1", "1.2.826.0.1.3680043.10.1.2", 3},
                      {"P2", "1.2.826.0.1.3680043.10.1.3", 1}};
        for (const auto& s : photos) {
            for (int i = 0; i < s.photos; ++i) {
                auto r = seed::seedPhoto(client, *s_server, s.patient, s.study,
                                         std::string(s.study) + ".1", "", jpeg);
                ASSERT_TRUE(r) << r.error().message;
            }
        }
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }
    static HttpOptions options() { return seed::orthancOptions(*s_server); }
    static OrthancServer* s_server;
};
OrthancServer* QidoOrthanc::s_server = nullptr;

TEST_F(QidoOrthanc, FindsAPatientsStudies) {
    ASSERT_NE(s_server, nullptr);
    HttpClient client(options());
    QidoQuery query;
    query.filters = {{"PatientID", "P1"}};
    query.includeFields = {"PatientName"};
    auto studies = qidoSearch(client, s_server->dicomWebRoot(), query);
    ASSERT_TRUE(studies) << studies.error().message;
    std::set<std::string> uids;
    for (const auto& s : *studies) {
        EXPECT_EQ(s.first(tag::kPatientId), "P1");
        EXPECT_EQ(s.first(tag::kPatientName), "Test^P1");
        uids.insert(s.first(tag::kStudyUid).value_or(""));
    }
    EXPECT_EQ(uids,
              (std::set<std::string>{"1.2.826.0.1.3680043.10.1.1", "1.2.826.0.1.3680043.10.1.2"}));
}

TEST_F(QidoOrthanc, ReadsEveryInstancePageByPage) {
    ASSERT_NE(s_server, nullptr);
    HttpClient client(options());
    QidoQuery query;
    query.level = QidoQuery::Level::Instances;
    for (const int pageSize : {1, 2, 4, 500}) {
        auto instances = qidoSearch(client, s_server->dicomWebRoot(), query, pageSize);
        ASSERT_TRUE(instances) << instances.error().message;
        std::set<std::string> uids;
        for (const auto& i : *instances) uids.insert(i.first(tag::kSopInstanceUid).value_or(""));
        EXPECT_EQ(uids.size(), 6u) << "page size " << pageSize;
        EXPECT_EQ(instances->size(), 6u) << "page size " << pageSize;
    }
    query.studyUid = "1.2.826.0.1.3680043.10.1.2";
    auto inStudy = qidoSearch(client, s_server->dicomWebRoot(), query, 2);
    ASSERT_TRUE(inStudy) << inStudy.error().message;
    EXPECT_EQ(inStudy->size(), 3u);
}

FakeHttpServer::Response answer(std::string contentType, std::string body) {
    FakeHttpServer::Response r;
    r.headers = {{"Content-Type", std::move(contentType)}};
    r.body = std::move(body);
    return r;
}

SyncResult<std::vector<DicomAttributes>> searchFake(const FakeHttpServer::Response& response) {
    FakeHttpServer server([response](const FakeHttpServer::Request&) { return response; });
    HttpClient client;
    return qidoSearch(client, server.url() + "/dicom-web", QidoQuery{});
}

TEST(Qido, RefusesAnswersThatAreNotDicomJson) {
    auto truncatedJson = searchFake(
        answer("application/dicom+json", R"([{"0020000D": {"vr": "UI", "Value": ["1.2)"));
    ASSERT_FALSE(truncatedJson);
    EXPECT_EQ(truncatedJson.error().code, SyncErrorCode::Malformed);
    auto html = searchFake(answer("text/html", "<html>login</html>"));
    ASSERT_FALSE(html);
    EXPECT_EQ(html.error().code, SyncErrorCode::Malformed);
    EXPECT_NE(html.error().message.find("text/html"), std::string::npos);
    auto notAnArray = searchFake(answer("application/dicom+json", R"({"0020000D": {"vr": "UI"}})"));
    ASSERT_FALSE(notAnArray);
    EXPECT_EQ(notAnArray.error().code, SyncErrorCode::Malformed);
}

TEST(Qido, RefusesUidsThatCouldBePaths) {
    for (const std::string& uid : std::vector<std::string>{"../../etc/passwd", "1.2/3", "1..2",
                                                           ".1.2", std::string(65, '1')}) {
        auto r = searchFake(answer("application/dicom+json",
                                   R"([{"0020000D": {"vr": "UI", "Value": [")" + uid + R"("]}}])"));
        ASSERT_FALSE(r) << uid;
        EXPECT_EQ(r.error().code, SyncErrorCode::Malformed) << uid;
    }
    EXPECT_TRUE(isValidUid("1.2.840.10008.5.1.4.1.1.77.1.4"));
    auto ok = searchFake(
        answer("application/dicom+json; charset=utf-8",
               R"([{"0020000D": {"vr": "UI", "Value": ["1.2.3"]}, "00100010": {"vr": "PN",
                                   "Value": [{"Alphabetic": "Doe^Jane"}]}, "00201208": {"vr": "IS", "Value": [7]}}])"));
    ASSERT_TRUE(ok) << ok.error().message;
    ASSERT_EQ(ok->size(), 1u);
    EXPECT_EQ((*ok)[0].first(tag::kPatientName), "Doe^Jane");
    EXPECT_EQ((*ok)[0].first("00201208"), "7");
}

TEST(Qido, ScopesQueriesWithValidUidsOnly) {
    HttpClient client;
    QidoQuery query;
    query.level = QidoQuery::Level::Series;
    query.studyUid = "1.2/../3";
    auto r = qidoSearch(client, "http://127.0.0.1:1/dicom-web", query);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::InvalidInput);
}

}  // namespace
}  // namespace cicatrix::sync
