// The sync engine against a real Orthanc: the first pull, a re-sync that changes nothing, an
// incremental pull through the change feed and through QIDO polling, a patient-list scope,
// deletions on the server marked (never applied), and the push of local photos (found by QIDO,
// dciodvfy-clean, idempotent, pulled by a second library without a duplicate).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "library/content_hash.hpp"
#include "library/library.hpp"
#include "library/photo_importer.hpp"
#include "library/sync_server_repository.hpp"
#include "library/sync_state_repository.hpp"
#include "support/orthanc_server.hpp"
#include "support/process.hpp"
#include "sync/orthanc_seed.hpp"
#include "sync/qido.hpp"
#include "sync/sync_engine.hpp"
#include "sync/wado.hpp"

namespace cicatrix::sync {
namespace {

namespace fs = std::filesystem;
namespace lib = cicatrix::library;
using test::OrthancServer;

class SyncEngine : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        m_server = OrthancServer::start(error);
        ASSERT_NE(m_server, nullptr) << error;
        m_client = std::make_unique<HttpClient>(seed::orthancOptions(*m_server));
        m_dir = fs::temp_directory_path() /
                ("cicatrix-sync-engine-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        ::setenv("CICATRIX_TEST_ORTHANC_PASSWORD", m_server->password().c_str(), 1);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::unique_ptr<lib::Library> openLibrary(const std::string& name,
                                              std::vector<std::string> patients = {}) {
        auto library = lib::Library::open(m_dir / name);
        EXPECT_TRUE(library) << library.error().message;
        lib::SyncServer s;
        s.name = "pacs";
        s.url = m_server->dicomWebRoot();
        s.authKind = "basic";
        s.username = m_server->user();
        s.credentialSource = "env:CICATRIX_TEST_ORTHANC_PASSWORD";
        s.allPatients = patients.empty();
        s.patientIds = std::move(patients);
        auto added = (*library)->withDatabase(
            [&](SQLite::Database& db) { return lib::SyncServerRepository(db).add(s); });
        EXPECT_TRUE(added) << added.error().message;
        return std::move(*library);
    }

    std::string seed(const std::string& patient, int variant, std::string study = {},
                     std::string wound = "Left heel") {
        seed::SeedPhoto p;
        p.patient = patient;
        p.patientName = "DUPONT^Jeanne";
        p.studyUid = std::move(study);
        p.wound = std::move(wound);
        p.jpeg = seed::distinctJpeg(variant);
        auto sop = seed::storeEncodedPhoto(*m_client, *m_server, p);
        EXPECT_TRUE(sop) << sop.error().message;
        m_jpegs[*sop] = p.jpeg;
        return *sop;
    }

    std::set<std::string> serverSops(const std::string& patient = {}) {
        QidoQuery q;
        q.level = QidoQuery::Level::Instances;
        if (!patient.empty())
            q.filters = {{"PatientID", patient}};
        auto found = qidoSearch(*m_client, m_server->dicomWebRoot(), q);
        EXPECT_TRUE(found) << found.error().message;
        std::set<std::string> out;
        for (const auto& i : *found) out.insert(*i.first(tag::kSopInstanceUid));
        return out;
    }

    static std::int64_t count(lib::Library& library, const std::string& sql) {
        return *library.withReader([&](SQLite::Database& db) -> lib::Result<std::int64_t> {
            return db.execAndGet(sql).getInt64();
        });
    }

    static std::set<std::string> localSops(lib::Library& library) {
        return *library.withReader([&](SQLite::Database& db) -> lib::Result<std::set<std::string>> {
            std::set<std::string> out;
            SQLite::Statement q(db, "SELECT sop_instance_uid FROM photo_instances");
            while (q.executeStep()) out.insert(q.getColumn(0).getString());
            return out;
        });
    }

    SyncReport sync(lib::Library& library, SyncOptions options = {}) {
        options.firstBackoff = std::chrono::milliseconds(20);
        auto report = syncWithServer(library, "pacs", options);
        EXPECT_TRUE(report) << report.error().message;
        return report ? *report : SyncReport{};
    }

    // Orthanc's id for an instance (REST lookup), to delete it on the server.
    std::string orthancId(const std::string& sop) {
        auto r = m_client->send({"POST", m_server->url() + "/tools/lookup", {}, sop});
        EXPECT_TRUE(r && r->status == 200);
        return nlohmann::json::parse(r->body).at(0).at("ID").get<std::string>();
    }

    std::unique_ptr<OrthancServer> m_server;
    std::unique_ptr<HttpClient> m_client;
    fs::path m_dir;
    std::map<std::string, std::string> m_jpegs;  // SOP Instance UID → the JPEG it holds
};

TEST_F(SyncEngine, FirstPullBringsEveryPhotoWithItsBytesAndTheResyncChangesNothing) {
    const std::string study = generateUid();
    seed("P1", 1, study);
    seed("P1", 2, study);
    seed("P1", 3, {}, "Sacrum");
    seed("P2", 4);
    auto library = openLibrary("a");

    const SyncReport first = sync(*library);
    EXPECT_TRUE(first.reconciled);
    EXPECT_EQ(first.remoteInstances, 4u);
    EXPECT_EQ(first.pulled, 4u);
    EXPECT_TRUE(first.complete());
    EXPECT_EQ(localSops(*library), serverSops());
    // The JPEG bitstream arrives as stored on the server, byte for byte.
    for (const auto& [sop, jpeg] : m_jpegs) {
        const std::string sha =
            lib::sha256Hex({reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size()});
        EXPECT_EQ(count(*library,
                        "SELECT COUNT(*) FROM photos p JOIN photo_instances i ON "
                        "i.photo_id = p.id WHERE p.sha256 = '" +
                            sha + "' AND i.sop_instance_uid = '" + sop + "'"),
                  1)
            << sop;
    }
    // Mapping: patient ↔ PatientID (name from PatientName), wound ↔ series description.
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM patients WHERE display_name = 'DUPONT Jeanne'"),
              2);
    EXPECT_EQ(count(*library,
                    "SELECT COUNT(*) FROM wounds w JOIN patients p ON p.id = "
                    "w.patient_id WHERE p.external_id = 'P1'"),
              2);
    EXPECT_EQ(count(*library,
                    "SELECT COUNT(*) FROM photos WHERE captured_at = "
                    "'2026-03-02T10:15:00' AND capture_time_source = 'dicom'"),
              4);
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM sync_patient_state WHERE state = 'up_to_date'"),
              2);

    const SyncReport again = sync(*library);
    EXPECT_TRUE(again.usedChangesFeed);
    EXPECT_EQ(again.pulled, 0u);
    EXPECT_EQ(again.pushed, 0u);
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM photos"), 4);
}

TEST_F(SyncEngine, IncrementalPullsFindNewUploadsThroughTheFeedAndThroughQidoPolling) {
    seed("P1", 1);
    auto library = openLibrary("a");
    ASSERT_EQ(sync(*library).pulled, 1u);

    seed("P1", 2);
    seed("P3", 3);
    const SyncReport viaFeed = sync(*library);
    EXPECT_TRUE(viaFeed.usedChangesFeed);
    EXPECT_FALSE(viaFeed.reconciled);
    EXPECT_EQ(viaFeed.pulled, 2u);

    seed("P3", 4);
    SyncOptions polling;
    polling.useChangeFeed = false;
    const SyncReport viaQido = sync(*library, polling);
    EXPECT_FALSE(viaQido.usedChangesFeed);
    EXPECT_TRUE(viaQido.reconciled);
    EXPECT_EQ(viaQido.pulled, 1u);
    EXPECT_EQ(viaQido.alreadyPresent, 3u);
    EXPECT_EQ(localSops(*library), serverSops());
}

TEST_F(SyncEngine, AServerLimitedToSomePatientsPullsOnlyTheirFolders) {
    seed("P1", 1);
    const std::string other = seed("P2", 2);
    auto library = openLibrary("a", {"P1"});
    EXPECT_EQ(sync(*library).pulled, 1u);
    seed("P2", 3);
    seed("P1", 4);
    EXPECT_EQ(sync(*library).pulled, 1u);  // through the feed, filtered by PatientID
    EXPECT_EQ(localSops(*library), serverSops("P1"));
    EXPECT_FALSE(localSops(*library).contains(other));
}

TEST_F(SyncEngine, AnInstanceDeletedOnTheServerIsMarkedAndItsLocalPhotoStays) {
    const std::string kept = seed("P1", 1);
    const std::string removed = seed("P1", 2);
    auto library = openLibrary("a");
    ASSERT_EQ(sync(*library).pulled, 2u);

    auto deleted =
        m_client->send({"DELETE", m_server->url() + "/instances/" + orthancId(removed), {}, {}});
    ASSERT_TRUE(deleted && deleted->status == 200);
    // The feed says nothing of deletions (Orthanc also drops the deleted resource's entries, so a
    // new upload keeps the cursor valid here).
    const std::string added = seed("P1", 3);
    const SyncReport viaFeed = sync(*library);
    EXPECT_TRUE(viaFeed.usedChangesFeed);
    EXPECT_EQ(viaFeed.pulled, 1u);
    EXPECT_EQ(viaFeed.markedDeleted, 0u);
    SyncOptions full;
    full.fullReconcile = true;
    const SyncReport reconciled = sync(*library, full);
    EXPECT_EQ(reconciled.markedDeleted, 1u);
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM photos"), 3);  // nothing removed locally
    auto marked =
        library->withReader([](SQLite::Database& db) -> lib::Result<std::vector<std::int64_t>> {
            return lib::SyncStateRepository(db).photosDeletedOnServer();
        });
    ASSERT_EQ(marked->size(), 1u);
    EXPECT_EQ(count(*library, "SELECT photo_id FROM photo_instances WHERE sop_instance_uid = '" +
                                  removed + "'"),
              marked->front());
    // It is not pushed back, and a later reconciliation does not count it again.
    const SyncReport later = sync(*library, full);
    EXPECT_EQ(later.pushed, 0u);
    EXPECT_EQ(later.markedDeleted, 0u);
    EXPECT_EQ(serverSops(), (std::set<std::string>{kept, added}));
}

TEST_F(SyncEngine, LocalPhotosArePushedOnceAsValidDicomAndPulledElsewhereWithoutDuplicates) {
    auto library = openLibrary("a");
    lib::PhotoImporter importer(*library);
    for (int i = 0; i < 2; ++i) {
        const std::string jpeg = seed::distinctJpeg(10 + i);
        lib::ImportTarget target;
        target.patientExternalId = "P7";
        target.patientDisplayName = "Jeanne Müller";
        target.woundLabel = "Right heel";
        target.woundDetails.anatomicalSite = "heel";
        target.woundDetails.laterality = "right";
        target.source = lib::PhotoSource::HomeNurse;
        target.capturedAtOverride = "2026-04-0" + std::to_string(i + 1) + "T09:00:00";
        lib::ImportMetadata metadata;
        metadata.originalName = "photo" + std::to_string(i) + ".jpg";
        auto r = importer.importBytes(
            {reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size()}, target, metadata);
        ASSERT_EQ(r.outcome, lib::ImportOutcome::Imported) << r.message;
    }
    const SyncReport pushed = sync(*library);
    EXPECT_EQ(pushed.pushed, 2u);
    EXPECT_TRUE(pushed.complete());
    const std::set<std::string> onServer = serverSops("P7");
    ASSERT_EQ(onServer.size(), 2u);
    EXPECT_EQ(onServer, localSops(*library));

    // What we produced is a valid VL Photographic Image (dciodvfy: no error).
    const fs::path dcm = m_dir / "pushed.dcm";
    {
        QidoQuery q;
        q.level = QidoQuery::Level::Instances;
        q.filters = {{"PatientID", "P7"}};
        q.includeFields = {std::string(tag::kSeriesUid)};
        auto found = qidoSearch(*m_client, m_server->dicomWebRoot(), q);
        ASSERT_TRUE(found && !found->empty());
        const auto& a = found->front();
        auto bytes = retrieveInstance(
            *m_client, m_server->dicomWebRoot(),
            {*a.first(tag::kStudyUid), *a.first(tag::kSeriesUid), *a.first(tag::kSopInstanceUid)});
        ASSERT_TRUE(bytes) << bytes.error().message;
        std::ofstream(dcm, std::ios::binary) << *bytes;
    }
    const auto verified = test::runCommand(std::string(CICATRIX_DCIODVFY) + " " + dcm.string());
    EXPECT_EQ(verified.output.find("Error"), std::string::npos) << verified.output;

    // Re-syncing pushes nothing again; the server's copy is recognised as ours.
    const SyncReport again = sync(*library);
    EXPECT_EQ(again.pushed, 0u);
    EXPECT_EQ(again.pulled, 0u);
    EXPECT_EQ(serverSops("P7").size(), 2u);
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM photos"), 2);

    // A second workstation pulls them: same bytes, same identities, the patient's details kept.
    auto other = openLibrary("b");
    EXPECT_EQ(sync(*other).pulled, 2u);
    EXPECT_EQ(localSops(*other), onServer);
    EXPECT_EQ(count(*other,
                    "SELECT COUNT(*) FROM photos p JOIN wounds w ON w.id = p.wound_id "
                    "WHERE w.label = 'Right heel' AND w.laterality = 'right' AND "
                    "p.source = 'home_nurse'"),
              2);
    EXPECT_EQ(count(*other, "SELECT COUNT(*) FROM patients WHERE display_name = 'Jeanne Müller'"),
              1);
    const auto shas = [&](lib::Library& l) {
        return *l.withReader([](SQLite::Database& db) -> lib::Result<std::set<std::string>> {
            std::set<std::string> out;
            SQLite::Statement q(db, "SELECT sha256 FROM photos");
            while (q.executeStep()) out.insert(q.getColumn(0).getString());
            return out;
        });
    };
    EXPECT_EQ(shas(*other), shas(*library));
}

TEST_F(SyncEngine, BytesAlreadyInTheLibraryUnderAnotherUidBecomeAnotherIdentityNotACopy) {
    const std::string jpeg = seed::distinctJpeg(21);
    seed::SeedPhoto a;
    a.patient = "P1";
    a.jpeg = jpeg;
    seed::SeedPhoto b = a;  // same bytes, new UIDs (e.g. stored twice by two devices)
    ASSERT_TRUE(seed::storeEncodedPhoto(*m_client, *m_server, a));
    ASSERT_TRUE(seed::storeEncodedPhoto(*m_client, *m_server, b));
    auto library = openLibrary("a");
    const SyncReport r = sync(*library);
    EXPECT_EQ(r.pulled + r.linked, 2u);
    EXPECT_EQ(r.linked, 1u);
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM photos"), 1);
    EXPECT_EQ(count(*library, "SELECT COUNT(*) FROM photo_instances"), 2);
    EXPECT_EQ(sync(*library).pulled + sync(*library).linked, 0u);
}

}  // namespace
}  // namespace cicatrix::sync
