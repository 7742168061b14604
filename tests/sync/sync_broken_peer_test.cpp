// The sync engine against a fake peer answering garbage (issue 7): malformed JSON, a wrong content
// type, a truncated multipart, path-like UIDs (in QIDO and in Orthanc's change feed) are refused,
// nothing is written outside the library and no object is left that nothing refers to.
#include <gtest/gtest.h>

#include <atomic>

#include "library/sync_state_repository.hpp"
#include "support/fake_http_server.hpp"
#include "sync/multipart.hpp"
#include "sync/sync_robustness_support.hpp"

namespace cicatrix::sync {
namespace {

using namespace robust;
using test::FakeHttpServer;

constexpr std::string_view kStudy = "1.2.826.0.1.3680043.10.7.1";
constexpr std::string_view kSeries = "1.2.826.0.1.3680043.10.7.1.1";

std::string studiesJson(std::string_view studyUid) {
    return R"([{"0020000D": {"vr": "UI", "Value": [")" + std::string(studyUid) +
           R"("]}, "00100020": {"vr": "LO", "Value": ["P1"]}}])";
}

std::string instancesJson(const std::vector<std::string>& sopUids) {
    std::string out = "[";
    for (const std::string& sop : sopUids) {
        if (out.size() > 1)
            out += ",";
        out += R"({"0020000E": {"vr": "UI", "Value": [")" + std::string(kSeries) +
               R"("]}, "00080018": {"vr": "UI", "Value": [")" + sop +
               R"("]}, "00080016": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.77.1.4"]}})";
    }
    return out + "]";
}

FakeHttpServer::Response dicomJson(std::string body) {
    FakeHttpServer::Response r;
    r.headers = {{"Content-Type", "application/dicom+json"}};
    r.body = std::move(body);
    return r;
}

FakeHttpServer::Response notFound() {
    FakeHttpServer::Response r;
    r.status = 404;
    r.body = "not here";
    return r;
}

// A peer that is not Orthanc (its /changes is 404, so QIDO enumerates) and answers QIDO studies
// with `studies`, a study's instances with `instances`, and WADO with `wado(sopUid)`.
struct BrokenPeer {
    std::function<FakeHttpServer::Response()> studies;
    std::function<FakeHttpServer::Response()> instances = [] { return dicomJson("[]"); };
    std::function<FakeHttpServer::Response(const std::string&)> wado = [](const std::string&) {
        return notFound();
    };

    FakeHttpServer::Response operator()(const FakeHttpServer::Request& request) const {
        const std::string path = request.target.substr(0, request.target.find('?'));
        if (path == "/dicom-web/studies")
            return studies();
        if (path.starts_with("/dicom-web/studies/") && path.ends_with("/instances") &&
            path.find("/series/") == std::string::npos)
            return instances();
        if (const auto at = path.rfind("/instances/"); at != std::string::npos)
            return wado(path.substr(at + 11));
        return notFound();
    }
};

// A library with the fake peer configured (no credentials, patient P1), in a parent folder whose
// listing outside the library is checked after the sync.
struct PeerFixture {
    ScratchDir parent;
    FakeHttpServer fake;
    std::unique_ptr<lib::Library> library;
    std::set<std::string> outsideBefore;

    explicit PeerFixture(BrokenPeer peer) : fake(std::move(peer)) {
        fs::create_directories(parent.path() / "etc");
        std::ofstream(parent.path() / "etc" / "passwd") << "root:x:0:0\n";
        library = openLibrary(parent.path() / "deep" / "lib");
        addServer(*library, fake.url() + "/dicom-web", std::nullopt, {"P1"});
        outsideBefore = outside();
    }

    [[nodiscard]] std::set<std::string> outside() const {
        std::set<std::string> out;
        for (const std::string& p : listing(parent.path())) {
            if (!p.starts_with("deep/lib"))
                out.insert(p);
        }
        return out;
    }

    // Nothing imported, nothing recorded, nothing stored, nothing written outside the library.
    void expectNothingWritten() {
        for (const std::string t :
             {"photos", "photo_instances", "sync_server_instances", "patients", "sync_outbox"})
            EXPECT_EQ(count(*library, t), 0) << t;
        EXPECT_FALSE(fs::exists(library->root() / "objects") &&
                     !fs::is_empty(library->root() / "objects"))
            << "no object stored";
        EXPECT_EQ(outside(), outsideBefore) << "nothing written outside the library";
        std::ifstream passwd(parent.path() / "etc" / "passwd");
        std::string line;
        std::getline(passwd, line);
        EXPECT_EQ(line, "root:x:0:0");
        EXPECT_EQ(integrity(*library), "ok");
        for (const FakeHttpServer::Request& r : fake.requests())
            EXPECT_EQ(r.target.find(".."), std::string::npos) << r.target;
    }

    [[nodiscard]] std::string patientState() {
        auto states = library->withReader([&](SQLite::Database& db) {
            return lib::Result<std::vector<lib::PatientSyncStatus>>(
                lib::SyncStateRepository(db).patientStates());
        });
        return states && states->size() == 1u ? std::string(toString((*states)[0].state)) : "";
    }
};

TEST(SyncBrokenPeer, MalformedJsonIsRefusedAndNothingIsWritten) {
    BrokenPeer peer;
    peer.studies = [] { return dicomJson(R"([{"0020000D": {"vr": "UI", "Value": ["1.2)"); };
    PeerFixture f(peer);
    auto result = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, SyncErrorCode::Malformed) << result.error().message;
    EXPECT_NE(result.error().message.find("JSON"), std::string::npos) << result.error().message;
    f.expectNothingWritten();
    EXPECT_EQ(f.patientState(), "failing");

    // JSON, but not DICOM JSON (an attribute whose Value is not an array).
    f.fake.setHandler(
        BrokenPeer{[] { return dicomJson(R"([{"0020000D": {"vr": "UI", "Value": "1.2.3"}}])"); }});
    auto again = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, SyncErrorCode::Malformed) << again.error().message;
    f.expectNothingWritten();
}

TEST(SyncBrokenPeer, WrongContentTypeIsRefused) {
    BrokenPeer peer;
    peer.studies = [] {
        FakeHttpServer::Response r;
        r.headers = {{"Content-Type", "text/html"}};
        r.body = "<html><body>Welcome to the hospital portal</body></html>";
        return r;
    };
    PeerFixture f(peer);
    auto result = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, SyncErrorCode::Malformed) << result.error().message;
    EXPECT_NE(result.error().message.find("text/html"), std::string::npos)
        << result.error().message;
    f.expectNothingWritten();

    // The instance answer is not multipart: that instance is refused, the sync goes on.
    const std::string sop = std::string(kSeries) + ".1";
    f.fake.setHandler(BrokenPeer{[] { return dicomJson(studiesJson(kStudy)); },
                                 [sop] { return dicomJson(instancesJson({sop})); },
                                 [](const std::string&) {
                                     FakeHttpServer::Response r;
                                     r.headers = {{"Content-Type", "application/dicom"}};
                                     r.body = std::string(128, '\0') + "DICM";
                                     return r;
                                 }});
    auto wado = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_TRUE(wado) << wado.error().message;
    ASSERT_EQ(wado->errors.size(), 1u);
    EXPECT_NE(wado->errors[0].find("not multipart"), std::string::npos) << wado->errors[0];
    EXPECT_EQ(wado->pulled, 0u);
    EXPECT_EQ(count(*f.library, "photos"), 0);
    EXPECT_EQ(count(*f.library, "photo_instances"), 0);
    EXPECT_EQ(f.patientState(), "failing") << "the folder shows the instance it could not get";
    EXPECT_EQ(f.outside(), f.outsideBefore);
}

// One instance answers a real photo, the other a multipart cut before its closing delimiter:
// the cut one is refused, the sync stops with a retryable error, what arrived is kept and no
// object is left that nothing refers to.
TEST(SyncBrokenPeer, TruncatedMultipartIsRefusedWithoutOrphans) {
    const std::string cutSop = std::string(kSeries) + ".1";
    const std::string goodSop = std::string(kSeries) + ".2";
    auto answerFor = [](const std::string& sop, int variant) {
        const std::string jpeg = seed::distinctJpeg(variant);
        DicomPhotoToEncode e;
        e.uids = {std::string(kStudy), std::string(kSeries), sop};
        e.patient = {"P1", "Test^Patient", ""};
        e.captureTimeIso = "2026-03-02T10:15:00";
        e.seriesDescription = "Left heel";
        e.photoSource = "clinic";
        e.mediaType = "image/jpeg";
        e.imageBytes = {reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size()};
        auto encoded = encodeDicomPhoto(e);
        return encoded ? buildMultipart(
                             {{"application/dicom", std::string(encoded->begin(), encoded->end())}},
                             "b0undary")
                       : std::string();
    };
    const std::string good = answerFor(goodSop, 7);
    const std::string whole = answerFor(cutSop, 8);
    ASSERT_FALSE(good.empty() || whole.empty());
    const std::string cut = whole.substr(0, whole.size() / 2);
    auto multipart = [](std::string body) {
        FakeHttpServer::Response r;
        r.headers = {
            {"Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b0undary"}};
        r.body = std::move(body);
        return r;
    };

    BrokenPeer peer;
    peer.studies = [] { return dicomJson(studiesJson(kStudy)); };
    peer.instances = [=] { return dicomJson(instancesJson({goodSop, cutSop})); };
    peer.wado = [=](const std::string& sop) { return multipart(sop == cutSop ? cut : good); };
    PeerFixture f(peer);
    auto result = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, SyncErrorCode::Truncated) << result.error().message;
    EXPECT_TRUE(result.error().retryable());

    EXPECT_EQ(localSopUids(*f.library), std::set<std::string>{goodSop})
        << "the complete instance is kept, the cut one is not imported";
    EXPECT_EQ(count(*f.library, "photos"), 1);
    EXPECT_EQ(strayObjects(*f.library), std::vector<std::string>{})
        << "no object left that nothing refers to";
    EXPECT_EQ(f.outside(), f.outsideBefore);
    EXPECT_EQ(integrity(*f.library), "ok");
    EXPECT_EQ(f.patientState(), "failing");

    // The peer repaired: the next sync gets the rest, once.
    f.fake.setHandler(BrokenPeer{peer.studies, peer.instances, [=](const std::string& sop) {
                                     return multipart(sop == cutSop ? whole : good);
                                 }});
    auto repaired = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_TRUE(repaired) << repaired.error().message;
    EXPECT_EQ(repaired->alreadyPresent, 1u);
    EXPECT_EQ(repaired->pulled, 1u);
    EXPECT_EQ(localSopUids(*f.library), (std::set<std::string>{cutSop, goodSop}));
    EXPECT_EQ(count(*f.library, "photos"), 2);
    EXPECT_EQ(strayObjects(*f.library), std::vector<std::string>{});
    EXPECT_EQ(f.patientState(), "up_to_date");
}

TEST(SyncBrokenPeer, PathLikeUidsAreRefusedAndNothingIsWrittenOutsideTheLibrary) {
    for (const std::string bad : {"../../etc/passwd", "1.2.3/4", "1.2..3", "..", "1.2.3%2F.."}) {
        SCOPED_TRACE(bad);
        // As a study's UID.
        {
            BrokenPeer peer;
            peer.studies = [bad] { return dicomJson(studiesJson(bad)); };
            PeerFixture f(peer);
            auto result = syncWithServer(*f.library, "pacs", quickOptions());
            ASSERT_FALSE(result);
            EXPECT_EQ(result.error().code, SyncErrorCode::Malformed) << result.error().message;
            EXPECT_NE(result.error().message.find("invalid UID"), std::string::npos)
                << result.error().message;
            f.expectNothingWritten();
        }
        // As an instance's SOP Instance UID, next to a valid one.
        {
            BrokenPeer peer;
            peer.studies = [] { return dicomJson(studiesJson(kStudy)); };
            peer.instances = [bad] {
                return dicomJson(instancesJson({std::string(kSeries) + ".1", bad}));
            };
            PeerFixture f(peer);
            auto result = syncWithServer(*f.library, "pacs", quickOptions());
            ASSERT_FALSE(result);
            EXPECT_EQ(result.error().code, SyncErrorCode::Malformed) << result.error().message;
            f.expectNothingWritten();
            for (const FakeHttpServer::Request& r : f.fake.requests())
                EXPECT_EQ(r.target.find("/instances/"), std::string::npos)
                    << "nothing retrieved from a listing with a bad UID: " << r.target;
        }
    }
}

// The same through Orthanc's change feed (a later sync): an id that is not an Orthanc id is never
// put in a URL, and an instance whose UIDs are path-like is skipped with a reason.
TEST(SyncBrokenPeer, PathLikeIdsInTheChangeFeedAreSkipped) {
    auto json = [](std::string body) {
        FakeHttpServer::Response r;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = std::move(body);
        return r;
    };
    std::atomic<int> last{5};
    PeerFixture f(BrokenPeer{[] { return dicomJson("[]"); }});
    f.fake.setHandler([&](const FakeHttpServer::Request& request) {
        const std::string& t = request.target;
        if (t == "/changes?last")
            return json(R"({"Changes": [], "Done": true, "Last": )" + std::to_string(last.load()) +
                        "}");
        if (t.starts_with("/changes?since="))
            return json(R"({"Changes": [
                {"ChangeType": "NewInstance", "ID": "../../etc/passwd"},
                {"ChangeType": "NewInstance", "ID": "0a1b-2c3d"},
                {"ChangeType": "NewInstance", "ID": "4e5f-6a7b"}], "Done": true, "Last": 7})");
        if (t == "/instances/0a1b-2c3d")
            return json(R"({"MainDicomTags": {"SOPInstanceUID": "../../etc/passwd"},
                            "ParentSeries": "99aa-bbcc"})");
        if (t == "/instances/4e5f-6a7b")
            return json(R"({"MainDicomTags": {"SOPInstanceUID": "1.2.3.4"},
                            "ParentSeries": "../series"})");
        if (t.starts_with("/dicom-web/studies?"))
            return dicomJson("[]");
        return notFound();
    });
    auto first = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->reconciled) << "the first sync enumerates";
    last = 7;
    auto second = syncWithServer(*f.library, "pacs", quickOptions());
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE(second->usedChangesFeed);
    EXPECT_EQ(second->pulled, 0u);
    EXPECT_EQ(second->errors.size(), 2u) << "each bad instance skipped with a reason";
    f.expectNothingWritten();
    bool askedInstances = false;
    for (const FakeHttpServer::Request& r : f.fake.requests())
        askedInstances = askedInstances || r.target.starts_with("/instances/");
    EXPECT_TRUE(askedInstances) << "the valid ids were resolved";
}

}  // namespace
}  // namespace cicatrix::sync
