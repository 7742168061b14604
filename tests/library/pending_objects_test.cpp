// Crash safety of the photo store: objects stored by a process that died before its transaction
// referenced them are removed (with their temp files) when the library is next opened; objects in
// use, and objects of live processes, are kept. Migration 5 keeps every photo and analysis when it
// rebuilds the photos table.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

#include "library/atomic_file.hpp"
#include "library/content_hash.hpp"
#include "library/library.hpp"
#include "library/migrations.hpp"
#include "library/pending_objects.hpp"
#include "library/photo_importer.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// The pid of a process that has exited (forked, exited, reaped).
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::vector<std::uint8_t> bytesOf(const std::string& text) {
    return {text.begin(), text.end()};
}

// Records an intent for `bytes` as process `pid` and stores them, like a writer that then died.
std::string strand(Library& library, const std::string& text, pid_t pid) {
    const auto bytes = bytesOf(text);
    const std::string sha = sha256Hex(bytes);
    auto pending = putPendingObject(library, sha, bytes);
    EXPECT_TRUE(pending) << pending.error().message;
    (void)library.withDatabase([&](SQLite::Database& db) -> Result<void> {
        SQLite::Statement q(db, "UPDATE pending_objects SET pid = ? WHERE id = ?");
        q.bind(1, static_cast<std::int64_t>(pid));
        q.bind(2, pending->id);
        q.exec();
        return {};
    });
    return sha;
}

TEST(PendingObjects, AnObjectStrandedByADeadProcessIsRemovedOnOpenWithItsTempFile) {
    TempDir dir;
    std::string stranded, live;
    fs::path temp;
    {
        auto library = Library::open(dir.path());
        ASSERT_TRUE(library);
        const pid_t dead = deadPid();
        stranded = strand(**library, "stranded bytes", dead);
        live = strand(**library, "being written by a live process", ::getppid());
        // A temp file the dead writer left beside its target.
        temp = (*library)->store().pathFor(stranded).parent_path() /
               fmt::format(".{}.tmp-{}-0", stranded, dead);
        std::ofstream(temp) << "half";
        ASSERT_TRUE((*library)->store().contains(stranded));
    }
    auto reopened = Library::open(dir.path(), Library::OpenMode::MustExist);
    ASSERT_TRUE(reopened) << reopened.error().message;
    EXPECT_FALSE((*reopened)->store().contains(stranded));
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_TRUE((*reopened)->store().contains(live));  // its writer may still commit
    SQLite::Database db((dir / "library.db").string());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM pending_objects").getInt(), 1);
}

TEST(PendingObjects, AnObjectAPhotoUsesIsKeptEvenIfAnotherWriterDiedHoldingIt) {
    TempDir dir;
    const fs::path photo = dir / "a.jpg";
    test::writeFile(photo, test::encodeJpeg(test::markedImage(64, 48)));
    std::string sha;
    {
        auto library = Library::open(dir.path());
        ASSERT_TRUE(library);
        PhotoImporter importer(**library);
        ImportTarget target;
        target.patientExternalId = "P1";
        target.woundLabel = "W1";
        target.capturedAtOverride = "2026-01-01T10:00:00";
        auto report = importer.importFile(photo, target);
        ASSERT_EQ(report.outcome, ImportOutcome::Imported) << report.message;
        sha = report.photo->sha256;
        SQLite::Database db((dir / "library.db").string());
        EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM pending_objects").getInt(), 0)
            << "a committed import leaves no intent";
        // A second writer of the same bytes that died before its commit.
        auto bytes = readFileBytes(photo);
        ASSERT_TRUE(bytes);
        (void)strand(**library, std::string(bytes->begin(), bytes->end()), deadPid());
    }
    auto reopened = Library::open(dir.path(), Library::OpenMode::MustExist);
    ASSERT_TRUE(reopened);
    EXPECT_TRUE((*reopened)->store().contains(sha));
}

TEST(Migrations, TheFifthRebuildsPhotosKeepingRowsIdsAndTheAnalysesThatPointAtThem) {
    TempDir dir;
    {
        SQLite::Database db((dir / "library.db").string(),
                            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA foreign_keys = ON");
        const auto all = embeddedMigrations();
        ASSERT_TRUE(migrate(db, all.first(4)));
        db.exec(R"(
            INSERT INTO patients (id, external_id, display_name) VALUES (1, 'P1', 'Ada');
            INSERT INTO wounds (id, patient_id, label) VALUES (1, 1, 'W1');
            INSERT INTO photos (id, wound_id, sha256, captured_at, capture_time_source, source,
                                width, height, media_type, byte_size, original_name)
                VALUES (7, 1, 'abc', '2026-01-01T10:00:00', 'exif', 'clinic', 10, 10,
                        'image/jpeg', 100, 'a.jpg');
            INSERT INTO analyses (photo_id, mask_source, mask_sha256, calibration_source,
                                  area_px, perimeter_px, length_px, width_px, tissue_method,
                                  epithelial_pct, slough_pct, granulation_pct, necrotic_pct)
                VALUES (7, 'manual', 'def', 'none', 1, 1, 1, 1, 'x', 0, 0, 0, 0);)");
    }
    auto library = Library::open(dir.path(), Library::OpenMode::MustExist);
    ASSERT_TRUE(library) << library.error().message;
    SQLite::Database db((dir / "library.db").string());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM photos WHERE id = 7 AND sha256 = 'abc'").getInt(),
              1);
    EXPECT_EQ(db.execAndGet("SELECT photo_id FROM analyses").getInt(), 7);
    SQLite::Statement violations(db, "PRAGMA foreign_key_check");
    EXPECT_FALSE(violations.executeStep());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM store_references").getInt(), 2);
}

}  // namespace
}  // namespace cicatrix::library
