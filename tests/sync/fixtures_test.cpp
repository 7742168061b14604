// Self-test of the sync test fixtures: the real Orthanc (OrthancServer) and the scripted
// broken peer (FakeHttpServer). Single-threaded test bodies; the fake server has its own threads.
#include "support/fake_http_server.hpp"
#include "support/orthanc_server.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <random>

namespace cicatrix::test {
namespace {

// ---- a minimal DICOM Part 10 file (no pixel data), enough for Orthanc to store ----

void appendElement(std::string& out, std::uint16_t group, std::uint16_t element, const char* vr,
                   std::string value) {
    if (value.size() % 2 != 0) {
        value += std::string(vr) == "UI" ? '\0' : ' ';
    }
    const auto put16 = [&out](std::uint32_t v) {
        out += static_cast<char>(v & 0xff);
        out += static_cast<char>((v >> 8) & 0xff);
    };
    put16(group);
    put16(element);
    out += vr;
    if (std::string(vr) == "OB") {
        put16(0);
        put16(static_cast<std::uint32_t>(value.size()) & 0xffff);
        put16(static_cast<std::uint32_t>(value.size()) >> 16);
    } else {
        put16(static_cast<std::uint32_t>(value.size()));
    }
    out += value;
}

std::string uniqueUid() {
    std::random_device device;
    return "2.25." + std::to_string(device()) + std::to_string(device());
}

std::filesystem::path writeMinimalDicom(const std::filesystem::path& path,
                                        const std::string& sopInstanceUid) {
    const std::string sopClass = "1.2.840.10008.5.1.4.1.1.7";  // Secondary Capture
    std::string meta;
    appendElement(meta, 0x0002, 0x0001, "OB", std::string("\0\1", 2));
    appendElement(meta, 0x0002, 0x0002, "UI", sopClass);
    appendElement(meta, 0x0002, 0x0003, "UI", sopInstanceUid);
    appendElement(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");  // explicit VR LE
    std::string file(128, '\0');
    file += "DICM";
    const auto length = static_cast<std::uint32_t>(meta.size());
    std::string lengthValue;
    for (int shift = 0; shift < 32; shift += 8) {
        lengthValue += static_cast<char>((length >> shift) & 0xff);
    }
    appendElement(file, 0x0002, 0x0000, "UL", lengthValue);
    file += meta;
    appendElement(file, 0x0008, 0x0016, "UI", sopClass);
    appendElement(file, 0x0008, 0x0018, "UI", sopInstanceUid);
    appendElement(file, 0x0010, 0x0010, "PN", "Fixture^Test");
    appendElement(file, 0x0010, 0x0020, "LO", "FIXTURE-1");
    appendElement(file, 0x0020, 0x000D, "UI", sopInstanceUid + ".1");
    appendElement(file, 0x0020, 0x000E, "UI", sopInstanceUid + ".2");
    std::ofstream(path, std::ios::binary) << file;
    return path;
}

// ---- OrthancServer ----

class OrthancFixtureTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        m_server = OrthancServer::start(error);
        ASSERT_NE(m_server, nullptr) << error;
    }

    std::optional<RawHttpResponse> get(const std::string& target, bool withAuth) {
        HttpHeaders headers;
        if (withAuth) {
            headers.emplace_back("Authorization",
                                 basicAuthValue(m_server->user(), m_server->password()));
        }
        std::string error;
        auto response = httpRequest(m_server->port(), "GET", target, headers, "", error);
        EXPECT_TRUE(response.has_value()) << error;
        return response;
    }

    std::unique_ptr<OrthancServer> m_server;
};

TEST_F(OrthancFixtureTest, AnswersSystemWithCredentialsOnly) {
    EXPECT_EQ(m_server->url(), "http://127.0.0.1:" + std::to_string(m_server->port()));
    EXPECT_EQ(m_server->dicomWebRoot(), m_server->url() + "/dicom-web");
    const auto authorised = get("/system", true);
    ASSERT_TRUE(authorised);
    EXPECT_EQ(authorised->status, 200);
    EXPECT_NE(authorised->body.find("\"Version\""), std::string::npos) << authorised->body;
    const auto anonymous = get("/system", false);
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
    EXPECT_NE(m_server->logTail().find("Orthanc"), std::string::npos);
}

TEST_F(OrthancFixtureTest, KeepsUploadedInstanceAcrossKillAndRestart) {
    const std::string uid = uniqueUid();
    const auto dcm = writeMinimalDicom(m_server->storageDir().parent_path() / "seed.dcm", uid);
    std::string error;
    ASSERT_TRUE(m_server->uploadDicomFile(dcm, error)) << error;
    const std::string query = "/dicom-web/instances?SOPInstanceUID=" + uid;
    const auto before = get(query, true);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->status, 200);
    EXPECT_NE(before->body.find(uid), std::string::npos) << before->body;

    const int port = m_server->port();
    m_server->kill();
    EXPECT_FALSE(m_server->running());
    std::string ignored;
    EXPECT_FALSE(httpRequest(port, "GET", "/system", {}, "", ignored).has_value());

    ASSERT_TRUE(m_server->restart(error)) << error;
    EXPECT_EQ(m_server->port(), port);
    const auto after = get(query, true);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200);
    EXPECT_NE(after->body.find(uid), std::string::npos) << after->body;
}

TEST(OrthancFixture, UploadOfMissingFileFails) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;
    EXPECT_FALSE(server->uploadDicomFile("/nonexistent/file.dcm", error));
    EXPECT_FALSE(error.empty());
    const auto storage = server->storageDir();
    server.reset();
    EXPECT_FALSE(std::filesystem::exists(storage));
}

// ---- FakeHttpServer ----

using Behaviour = FakeHttpServer::Response::Behaviour;

TEST(FakeHttpServerTest, ServesCannedAnswerAndRecordsRequest) {
    FakeHttpServer server([](const FakeHttpServer::Request& request) {
        FakeHttpServer::Response response;
        response.status = request.target == "/hello" ? 201 : 404;
        response.headers = {{"Content-Type", "text/plain"}};
        response.body = "canned";
        return response;
    });
    EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()));
    std::string error;
    const auto response =
        httpRequest(server.port(), "POST", "/hello",
                    {{"X-Test", "yes"}, {"Expect", "100-continue"}}, "payload", error);
    ASSERT_TRUE(response) << error;
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->body, "canned");
    EXPECT_EQ(response->header("content-type"), "text/plain");

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1U);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/hello");
    EXPECT_EQ(requests[0].body, "payload");
    EXPECT_EQ(requests[0].header("x-test"), "yes");
    EXPECT_EQ(requests[0].header("EXPECT"), "100-continue");
    EXPECT_FALSE(requests[0].hasHeader("Authorization"));
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST(FakeHttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
    FakeHttpServer server([](const FakeHttpServer::Request& request) {
        return FakeHttpServer::Response{200, {}, "echo " + request.target, Behaviour::Normal};
    });
    LoopbackConnection connection;
    std::string error;
    ASSERT_TRUE(connection.connect(server.port(), error)) << error;
    for (const std::string target : {"/one", "/two"}) {
        ASSERT_TRUE(connection.sendAll("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", error))
            << error;
        const auto response = connection.readResponse(error);
        ASSERT_TRUE(response) << error;
        EXPECT_EQ(response->body, "echo " + target);
    }
    EXPECT_EQ(server.connectionsAccepted(), 1);
    EXPECT_EQ(server.requests().size(), 2U);
}

TEST(FakeHttpServerTest, ChunkedRequestBodyIsDecoded) {
    FakeHttpServer server;
    LoopbackConnection connection;
    std::string error;
    ASSERT_TRUE(connection.connect(server.port(), error)) << error;
    ASSERT_TRUE(
        connection.sendAll("PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                           "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                           error));
    const auto response = connection.readResponse(error);
    ASSERT_TRUE(response) << error;
    EXPECT_EQ(response->status, 200);
    ASSERT_EQ(server.requests().size(), 1U);
    EXPECT_EQ(server.requests()[0].body, "abcde");
}

TEST(FakeHttpServerTest, TruncatedAndClosedAnswersAreSeenAsFailures) {
    FakeHttpServer server([](const FakeHttpServer::Request& request) {
        FakeHttpServer::Response response;
        response.body = "partial";
        response.behaviour = request.target == "/truncate" ? Behaviour::CloseAfterHeaders
                                                           : Behaviour::CloseImmediately;
        return response;
    });
    std::string error;
    EXPECT_FALSE(httpRequest(server.port(), "GET", "/truncate", {}, "", error).has_value());
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
    error.clear();
    EXPECT_FALSE(httpRequest(server.port(), "GET", "/close", {}, "", error).has_value());
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(server.requests().size(), 2U);
    EXPECT_EQ(server.connectionsAccepted(), 2);
}

TEST(FakeHttpServerTest, NeverAnswerDoesNotHangTheDestructor) {
    LoopbackConnection connection;
    {
        FakeHttpServer server([](const FakeHttpServer::Request&) {
            return FakeHttpServer::Response{200, {}, "", Behaviour::NeverAnswer};
        });
        std::string error;
        ASSERT_TRUE(connection.connect(server.port(), error, 200)) << error;
        ASSERT_TRUE(connection.sendAll("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n", error));
        EXPECT_FALSE(connection.readResponse(error).has_value());  // times out after 200 ms
        EXPECT_EQ(server.requests().size(), 1U);
    }  // the destructor must return although the connection is still open
    EXPECT_TRUE(connection.waitForPeerClose(5000));
}

}  // namespace
}  // namespace cicatrix::test
