// Library folder, schema migrations, repositories and the content-addressed store on a real
// SQLite file in a temp dir.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "library/analysis_repository.hpp"
#include "library/atomic_file.hpp"
#include "library/content_hash.hpp"
#include "library/library.hpp"
#include "library/migrations.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_repository.hpp"
#include "library/wound_repository.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::writeFile;

TEST(Migrations, CreateEverySchemaTableAndRecordTheVersion) {
    TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library) << library.error().message;
    const int newest = embeddedMigrations().back().version;
    EXPECT_EQ((*library)->schemaVersion(), newest);
    SQLite::Database db((dir / "library.db").string());
    for (const char* table : {"patients", "wounds", "visits", "photos", "audit_log"}) {
        SQLite::Statement q(db,
                            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
        q.bind(1, table);
        ASSERT_TRUE(q.executeStep());
        EXPECT_EQ(q.getColumn(0).getInt(), 1) << table;
    }
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), newest);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(Migrations, ReopeningKeepsDataAndDoesNotReapply) {
    TempDir dir;
    {
        auto library = Library::open(dir.path());
        ASSERT_TRUE(library);
        auto id = (*library)->withDatabase([](SQLite::Database& db) -> Result<std::int64_t> {
            return PatientRepository(db).insert({0, "IPP-1", "Ada", std::nullopt});
        });
        ASSERT_TRUE(id);
    }
    auto again = Library::open(dir.path(), Library::OpenMode::MustExist);
    ASSERT_TRUE(again) << again.error().message;
    auto patients =
        (*again)->withDatabase([](SQLite::Database& db) -> Result<std::vector<PatientSummary>> {
            return PatientRepository(db).list();
        });
    ASSERT_TRUE(patients);
    ASSERT_EQ(patients->size(), 1u);
    EXPECT_EQ(patients->front().patient.displayName, "Ada");
}

TEST(Migrations, RefuseADatabaseFromANewerVersion) {
    TempDir dir;
    {
        SQLite::Database db((dir / "library.db").string(),
                            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA user_version = 999");
    }
    auto library = Library::open(dir.path());
    ASSERT_FALSE(library);
    EXPECT_EQ(library.error().code, ErrorCode::Database);
    EXPECT_NE(library.error().message.find("newer"), std::string::npos);
}

TEST(Migrations, AFailingMigrationRollsBackAndKeepsTheVersion) {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const Migration good{1, "001_a.sql", "CREATE TABLE a (x INTEGER);"};
    const Migration bad{2, "002_b.sql",
                        "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);"};
    const std::vector<Migration> migrations{good, bad};
    auto result = migrate(db, migrations);
    ASSERT_FALSE(result);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
    EXPECT_TRUE(db.tableExists("a"));
    EXPECT_FALSE(db.tableExists("b"));
}

TEST(Library, MustExistRefusesAFolderWithoutLibrary) {
    TempDir dir;
    auto library = Library::open(dir / "nothing-here", Library::OpenMode::MustExist);
    ASSERT_FALSE(library);
    EXPECT_EQ(library.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(fs::exists(dir / "nothing-here"));
}

TEST(Repositories, PatientSearchMatchesNameOrIdIgnoringCase) {
    TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library);
    auto found =
        (*library)->withDatabase([](SQLite::Database& db) -> Result<std::vector<std::string>> {
            PatientRepository patients(db);
            patients.insert({0, "IPP-100", "Martin Dupont", std::nullopt});
            patients.insert({0, "IPP-200", "Claire Durand", std::nullopt});
            patients.insert({0, "XY-300", "Jean Martin", std::nullopt});
            std::vector<std::string> names;
            for (const auto& p : patients.list("martin")) names.push_back(p.patient.displayName);
            for (const auto& p : patients.list("ipp-2")) names.push_back(p.patient.displayName);
            names.push_back(std::to_string(patients.list().size()));
            return names;
        });
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(*found,
              (std::vector<std::string>{"Jean Martin", "Martin Dupont", "Claire Durand", "3"}));
}

TEST(Repositories, TimelineIsInCaptureOrderWithVisits) {
    TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library);
    auto timeline =
        (*library)->withDatabase([](SQLite::Database& db) -> Result<std::vector<Photo>> {
            const auto patientId = PatientRepository(db).insert({0, "P", "P", std::nullopt});
            Wound wound;
            wound.patientId = patientId;
            wound.label = "W1";
            wound.details.etiology = "venous";
            const auto woundId = WoundRepository(db).insert(wound);
            PhotoRepository photos(db);
            for (const char* when :
                 {"2026-03-09T10:00:00", "2026-03-02T10:00:00", "2026-03-16T10:00:00"}) {
                Photo p;
                p.woundId = woundId;
                p.visitId =
                    photos.ensureVisit(patientId, std::string(when).substr(0, 10), "clinic");
                p.sha256 = sha256Hex(std::span(reinterpret_cast<const std::uint8_t*>(when), 19));
                p.capturedAt = when;
                p.width = 10;
                p.height = 10;
                p.mediaType = "image/jpeg";
                p.originalName = "x.jpg";
                photos.insert(p);
            }
            EXPECT_EQ(photos.visitsForWound(woundId).size(), 3u);
            EXPECT_EQ(photos.ensureVisit(patientId, "2026-03-02", "clinic"),
                      photos.visitsForWound(woundId)[0].id);
            return photos.timeline(woundId);
        });
    ASSERT_TRUE(timeline) << timeline.error().message;
    ASSERT_EQ(timeline->size(), 3u);
    EXPECT_EQ((*timeline)[0].capturedAt, "2026-03-02T10:00:00");
    EXPECT_EQ((*timeline)[2].capturedAt, "2026-03-16T10:00:00");
}

TEST(Repositories, ListAllIsByWoundThenCaptureTimeAndListsPhotosWithoutAnalysis) {
    TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library);
    auto listed = (*library)->withDatabase(
        [](SQLite::Database& db) -> Result<std::pair<std::vector<Photo>, std::vector<Photo>>> {
            const auto patientId = PatientRepository(db).insert({0, "P", "P", std::nullopt});
            std::vector<std::int64_t> woundIds;
            for (const char* label : {"W1", "W2"}) {
                Wound wound;
                wound.patientId = patientId;
                wound.label = label;
                woundIds.push_back(WoundRepository(db).insert(wound));
            }
            PhotoRepository photos(db);
            // Inserted out of order: W2 late, W1 late, W2 early, W1 early.
            const std::vector<std::pair<std::int64_t, std::string>> rows{
                {woundIds[1], "2026-05-01T10:00:00"},
                {woundIds[0], "2026-04-01T10:00:00"},
                {woundIds[1], "2026-01-01T10:00:00"},
                {woundIds[0], "2026-02-01T10:00:00"}};
            std::vector<std::int64_t> ids;
            for (const auto& [woundId, when] : rows) {
                Photo p;
                p.woundId = woundId;
                p.sha256 = sha256Hex(
                    std::span(reinterpret_cast<const std::uint8_t*>(when.data()), when.size()));
                p.capturedAt = when;
                p.width = 10;
                p.height = 10;
                p.mediaType = "image/png";
                p.originalName = "x.png";
                ids.push_back(photos.insert(p));
            }
            Analysis analysis;
            analysis.photoId = ids[0];
            analysis.maskSource = "manual";
            analysis.maskSha256 = std::string(64, 'a');
            analysis.calibrationSource = "none";
            analysis.tissueMethod = "test";
            AnalysisRepository(db).insert(analysis);
            return std::pair{photos.listAll(), photos.listWithoutAnalysis()};
        });
    ASSERT_TRUE(listed) << listed.error().message;
    std::vector<std::string> order;
    for (const Photo& p : listed->first) order.push_back(p.capturedAt.substr(0, 7));
    EXPECT_EQ(order, (std::vector<std::string>{"2026-02", "2026-04", "2026-01", "2026-05"}));
    std::vector<std::string> unmeasured;
    for (const Photo& p : listed->second) unmeasured.push_back(p.capturedAt.substr(0, 7));
    EXPECT_EQ(unmeasured, (std::vector<std::string>{"2026-04", "2026-01", "2026-02"}));
}

TEST(Repositories, SchemaRejectsAnUnknownEtiology) {
    TempDir dir;
    auto library = Library::open(dir.path());
    ASSERT_TRUE(library);
    auto inserted = (*library)->withDatabase([](SQLite::Database& db) -> Result<std::int64_t> {
        const auto patientId = PatientRepository(db).insert({0, "P", "P", std::nullopt});
        Wound wound;
        wound.patientId = patientId;
        wound.label = "W1";
        wound.details.etiology = "alien-bite";
        return WoundRepository(db).insert(wound);
    });
    ASSERT_FALSE(inserted);
    EXPECT_EQ(inserted.error().code, ErrorCode::Database);
}

TEST(PhotoStore, StoresByHashAndNeverOverwrites) {
    TempDir dir;
    PhotoStore store(dir.path());
    const std::vector<std::uint8_t> bytes{1, 2, 3, 4, 5};
    const std::string sha = sha256Hex(bytes);
    auto first = store.put(sha, bytes);
    ASSERT_TRUE(first);
    EXPECT_TRUE(*first);
    EXPECT_EQ(store.pathFor(sha), dir / "objects" / sha.substr(0, 2) / sha);
    auto second = store.put(sha, bytes);
    ASSERT_TRUE(second);
    EXPECT_FALSE(*second);  // identical content: nothing written
    // A different object under the same name is a damaged store: refused, file untouched.
    const std::vector<std::uint8_t> other{9, 9, 9};
    auto clash = store.put(sha, other);
    ASSERT_FALSE(clash);
    EXPECT_EQ(clash.error().code, ErrorCode::Corrupt);
    auto read = store.read(sha);
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, bytes);
    // No temp files are left behind.
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
    }
}

TEST(PhotoStore, AnObjectOfTheRightSizeButOtherBytesIsCorruptNotADuplicate) {
    TempDir dir;
    PhotoStore store(dir.path());
    const std::vector<std::uint8_t> bytes{1, 2, 3, 4, 5};
    const std::string sha = sha256Hex(bytes);
    ASSERT_TRUE(store.put(sha, bytes));
    // Damage the object in place, keeping its size.
    const std::vector<std::uint8_t> damaged{1, 2, 0, 4, 5};
    fs::permissions(store.pathFor(sha), fs::perms::owner_write, fs::perm_options::add);
    writeFileAtomically(store.pathFor(sha), damaged, /*allowReplace=*/true).value();
    auto again = store.put(sha, bytes);
    ASSERT_FALSE(again) << "same size was taken for same content";
    EXPECT_EQ(again.error().code, ErrorCode::Corrupt);
    EXPECT_FALSE(again.error().retryable());
    EXPECT_EQ(*store.read(sha), damaged);  // left untouched
}

TEST(AtomicFile, FlushingAFolderThatDoesNotExistIsAnError) {
    TempDir dir;
    EXPECT_TRUE(fsyncDirectory(dir.path()));
    const auto missing = fsyncDirectory(dir / "no-such-folder");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
    EXPECT_NE(missing.error().message.find("no-such-folder"), std::string::npos);
    writeFile(dir / "file", {1});
    EXPECT_FALSE(fsyncDirectory(dir / "file"));  // not a folder
}

TEST(AtomicFile, DeferredWritesAreCompleteAndFlushedTogetherAndAMissingFileIsAnError) {
    TempDir dir;
    std::vector<fs::path> files;
    for (int i = 0; i < 20; ++i) {
        files.push_back(dir / ("sub" + std::to_string(i % 3)) / ("f" + std::to_string(i)));
        const std::vector<std::uint8_t> bytes(100 + i, static_cast<std::uint8_t>(i));
        ASSERT_TRUE(writeFileAtomically(files.back(), bytes, false, Durability::Deferred));
        EXPECT_EQ(*readFileBytes(files.back()), bytes);  // readers see it whole at once
    }
    EXPECT_TRUE(flushFilesAndFolders(files));
    files.push_back(dir / "never-written");
    auto missing = flushFilesAndFolders(files);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
    EXPECT_NE(missing.error().message.find("never-written"), std::string::npos);
}

TEST(AtomicFile, ReplaceOnlyWhenAllowed) {
    TempDir dir;
    const std::vector<std::uint8_t> a{'a'}, b{'b'};
    ASSERT_TRUE(writeFileAtomically(dir / "f", a, false));
    EXPECT_FALSE(writeFileAtomically(dir / "f", b, false));
    EXPECT_EQ(*readFileBytes(dir / "f"), a);
    ASSERT_TRUE(writeFileAtomically(dir / "f", b, true));
    EXPECT_EQ(*readFileBytes(dir / "f"), b);
    auto tooBig = readFileBytes(dir / "f", 0);
    ASSERT_FALSE(tooBig);
    EXPECT_EQ(tooBig.error().code, ErrorCode::TooLarge);
}

}  // namespace
}  // namespace cicatrix::library
