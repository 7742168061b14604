// The HTTP client against a real Orthanc on loopback (auth, parallel requests, a server that
// goes away) and a small fake server for what a real one rarely does (never answering, cutting
// an answer short) and for what the client sends (no Expect: 100-continue, Bearer tokens, one
// connection reused).
#include <gtest/gtest.h>

#include <thread>

#include "support/fake_http_server.hpp"
#include "support/orthanc_server.hpp"
#include "sync/http_client.hpp"

namespace cicatrix::sync {
namespace {

using test::FakeHttpServer;
using test::OrthancServer;
using namespace std::chrono_literals;

HttpClient basicClient(const OrthancServer& server, std::string password) {
    HttpOptions options;
    options.auth = {HttpAuth::Kind::Basic, server.user(), std::move(password)};
    return HttpClient(options);
}

class HttpClientOrthanc : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        std::string error;
        s_server = OrthancServer::start(error).release();
        ASSERT_NE(s_server, nullptr) << error;
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }
    static OrthancServer* s_server;
};
OrthancServer* HttpClientOrthanc::s_server = nullptr;

TEST_F(HttpClientOrthanc, BasicAuthGetsTheSystemDocument) {
    ASSERT_NE(s_server, nullptr);
    HttpClient client = basicClient(*s_server, s_server->password());
    auto r = requireSuccess(client.send({"GET", s_server->url() + "/system", {}, {}}), "system");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("\"ApiVersion\""), std::string::npos) << r->body;
    EXPECT_NE(r->header("content-type").find("application/json"), std::string::npos);
}

TEST_F(HttpClientOrthanc, AWrongPasswordIsUnauthorizedAndNotRetryable) {
    ASSERT_NE(s_server, nullptr);
    HttpClient client = basicClient(*s_server, "not-the-password");
    auto raw = client.send({"GET", s_server->url() + "/system", {}, {}});
    ASSERT_TRUE(raw) << "an HTTP status is an answer, not a transport error";
    EXPECT_EQ(raw->status, 401);
    auto r = requireSuccess(std::move(raw), "system");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Unauthorized);
    EXPECT_FALSE(r.error().retryable());
    EXPECT_NE(r.error().message.find("refused the credentials"), std::string::npos);
}

TEST_F(HttpClientOrthanc, ManyRequestsInParallelAllAnswer) {
    ASSERT_NE(s_server, nullptr);
    HttpClient client = basicClient(*s_server, s_server->password());
    std::vector<HttpRequest> requests;
    for (int i = 0; i < 24; ++i) requests.push_back({"GET", s_server->url() + "/system", {}, {}});
    requests.push_back({"GET", s_server->url() + "/no-such-route", {}, {}});
    const auto results = client.sendAll(requests, 4);
    ASSERT_EQ(results.size(), requests.size());
    for (std::size_t i = 0; i + 1 < results.size(); ++i) {
        ASSERT_TRUE(results[i]) << results[i].error().message;
        EXPECT_EQ(results[i]->status, 200) << i;
    }
    ASSERT_TRUE(results.back());
    EXPECT_EQ(results.back()->status, 404);
    auto notFound = requireSuccess(results.back(), "route");
    EXPECT_EQ(notFound.error().code, SyncErrorCode::HttpStatus);
    EXPECT_FALSE(notFound.error().retryable());
}

TEST_F(HttpClientOrthanc, AServerThatWentAwayIsUnreachableAndRetryable) {
    ASSERT_NE(s_server, nullptr);
    HttpClient client = basicClient(*s_server, s_server->password());
    ASSERT_TRUE(client.send({"GET", s_server->url() + "/system", {}, {}}));
    s_server->kill();
    auto r = client.send({"GET", s_server->url() + "/system", {}, {}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Unreachable) << r.error().message;
    EXPECT_TRUE(r.error().retryable());
    std::string error;
    ASSERT_TRUE(s_server->restart(error)) << error;
    auto again =
        requireSuccess(client.send({"GET", s_server->url() + "/system", {}, {}}), "system");
    EXPECT_TRUE(again) << again.error().message;
}

TEST(HttpClient, NoAnswerIsARetryableTimeout) {
    FakeHttpServer server([](const FakeHttpServer::Request&) {
        FakeHttpServer::Response r;
        r.behaviour = FakeHttpServer::Response::Behaviour::NeverAnswer;
        return r;
    });
    HttpOptions options;
    options.timeout = 300ms;
    HttpClient client(options);
    auto r = client.send({"GET", server.url() + "/studies", {}, {}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Timeout) << r.error().message;
    EXPECT_TRUE(r.error().retryable());
}

TEST(HttpClient, ACutShortAnswerIsTruncatedNotASuccess) {
    FakeHttpServer server([](const FakeHttpServer::Request&) {
        FakeHttpServer::Response r;
        r.body = std::string(500, 'x');
        r.behaviour = FakeHttpServer::Response::Behaviour::CloseAfterHeaders;
        return r;
    });
    HttpClient client;
    auto r = client.send({"GET", server.url() + "/instance", {}, {}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Truncated) << r.error().message;
}

TEST(HttpClient, AStopEndsAWaitingRequest) {
    FakeHttpServer server([](const FakeHttpServer::Request&) {
        FakeHttpServer::Response r;
        r.behaviour = FakeHttpServer::Response::Behaviour::NeverAnswer;
        return r;
    });
    HttpClient client;  // the default timeout is minutes: only the stop can end this request
    std::stop_source stop;
    std::jthread stopper([&] {
        while (server.requests().empty()) std::this_thread::sleep_for(5ms);
        stop.request_stop();
    });
    auto r = client.send({"GET", server.url() + "/studies", {}, {}}, stop.get_token());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Cancelled) << r.error().message;
    EXPECT_FALSE(client.send({"GET", server.url(), {}, {}}, stop.get_token()))
        << "stopped before it starts";
}

TEST(HttpClient, UploadsNeverAskFor100ContinueAndReuseTheConnection) {
    FakeHttpServer server;
    HttpOptions options;
    options.auth = {HttpAuth::Kind::Bearer, "", "token-123"};
    HttpClient client(options);
    const std::string big(3 << 20, 'd');  // over 1 MB: where curl would add Expect: 100-continue
    for (int i = 0; i < 3; ++i) {
        auto r = requireSuccess(client.send({"POST",
                                             server.url() + "/dicom-web/studies",
                                             {{"Content-Type", "application/dicom"}},
                                             big}),
                                "upload");
        ASSERT_TRUE(r) << r.error().message;
    }
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& request : requests) {
        EXPECT_EQ(request.method, "POST");
        EXPECT_FALSE(request.hasHeader("Expect")) << "Orthanc never answers 100-continue";
        EXPECT_EQ(request.header("Authorization").value_or(""), "Bearer token-123");
        EXPECT_EQ(request.body.size(), big.size());
    }
    EXPECT_EQ(server.connectionsAccepted(), 1) << "one connection, reused";
}

TEST(HttpClient, NothingListeningIsUnreachable) {
    int port = 0;
    {
        FakeHttpServer server;  // take a free port, then close it
        port = server.port();
    }
    HttpClient client;
    auto r = client.send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/", {}, {}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SyncErrorCode::Unreachable) << r.error().message;
    EXPECT_TRUE(r.error().retryable());
    auto bad = client.send({"GET", "ftp://127.0.0.1/", {}, {}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, SyncErrorCode::InvalidInput) << bad.error().message;
}

}  // namespace
}  // namespace cicatrix::sync
