// Readers and the writer of one library on a real temp SQLite file: a reader is not held up by
// a writer's long transaction, a lock held by another connection is a retryable Busy error, and
// SQLite result codes map to retryable or permanent errors.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <thread>

#include "library/library.hpp"
#include "library/patient_repository.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

using test::TempDir;

Result<std::int64_t> addPatient(Library& library, const std::string& externalId) {
    return library.withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        return PatientRepository(db).insert({0, externalId, externalId, std::nullopt});
    });
}

Result<std::size_t> countPatients(Library& library) {
    return library.withReader([](SQLite::Database& db) -> Result<std::size_t> {
        return PatientRepository(db).list().size();
    });
}

TEST(LibraryReaders, AReaderCompletesWhileTheWriterHoldsALongTransaction) {
    TempDir dir;
    auto opened = Library::open(dir.path());
    ASSERT_TRUE(opened) << opened.error().message;
    Library& library = **opened;
    ASSERT_TRUE(addPatient(library, "IPP-1"));

    std::latch writerHolding(1);
    std::promise<void> readerDone;
    std::future<void> readerDoneSeen = readerDone.get_future();
    std::atomic<bool> writerReleased{false};
    std::thread writer([&] {
        auto written = library.withDatabase([&](SQLite::Database& db) -> Result<void> {
            db.exec("BEGIN IMMEDIATE");
            PatientRepository(db).insert({0, "IPP-2", "IPP-2", std::nullopt});
            writerHolding.count_down();
            // Holds the transaction (and the writer lock) until the reader is done. The bound is
            // only a guard so that a regression fails the test below instead of hanging it.
            (void)readerDoneSeen.wait_for(std::chrono::seconds(60));
            writerReleased = true;
            db.exec("COMMIT");
            return {};
        });
        EXPECT_TRUE(written) << written.error().message;
    });

    writerHolding.wait();
    const auto during = countPatients(library);
    const bool releasedBeforeRead = writerReleased.load();
    readerDone.set_value();
    writer.join();

    ASSERT_TRUE(during) << during.error().message;
    EXPECT_FALSE(releasedBeforeRead) << "the read waited for the writer to finish";
    EXPECT_EQ(*during, 1u);  // the committed state, without the writer's uncommitted row
    const auto after = countPatients(library);
    ASSERT_TRUE(after);
    EXPECT_EQ(*after, 2u);  // a pooled reader sees the commit
}

TEST(LibraryReaders, ManyReadersAtOnceEachGetAConnection) {
    TempDir dir;
    auto opened = Library::open(dir.path());
    ASSERT_TRUE(opened);
    Library& library = **opened;
    ASSERT_TRUE(addPatient(library, "IPP-1"));
    // Every reader stays inside withReader until all of them are: they must hold distinct
    // connections at the same time (more than the idle pool keeps).
    constexpr int kReaders = 6;
    std::latch allInside(kReaders);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < kReaders; ++i) {
        threads.emplace_back([&] {
            auto n = library.withReader([&](SQLite::Database& db) -> Result<std::size_t> {
                allInside.arrive_and_wait();
                return PatientRepository(db).list().size();
            });
            if (n && *n == 1u) {
                ++ok;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok.load(), kReaders);
}

TEST(LibraryReaders, AReaderCannotWrite) {
    TempDir dir;
    auto opened = Library::open(dir.path());
    ASSERT_TRUE(opened);
    auto written = (*opened)->withReader([](SQLite::Database& db) -> Result<std::int64_t> {
        return PatientRepository(db).insert({0, "IPP-9", "x", std::nullopt});
    });
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ErrorCode::Database);
    EXPECT_FALSE(written.error().retryable());
}

TEST(LibraryErrors, ALockHeldByAnotherConnectionIsARetryableBusyError) {
    TempDir dir;
    auto opened = Library::open(dir.path(), Library::OpenMode::CreateIfMissing,
                                std::chrono::milliseconds(0));  // fail at once, no waiting
    ASSERT_TRUE(opened) << opened.error().message;
    Library& library = **opened;
    ASSERT_TRUE(addPatient(library, "IPP-1"));

    // Another program writing to the same library.
    SQLite::Database other((dir / "library.db").string(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    other.exec("INSERT INTO patients (external_id, display_name) VALUES ('IPP-X', 'X')");

    const auto blocked = addPatient(library, "IPP-2");
    ASSERT_FALSE(blocked);
    EXPECT_EQ(blocked.error().code, ErrorCode::Busy) << blocked.error().message;
    EXPECT_TRUE(blocked.error().retryable());
    EXPECT_NE(blocked.error().message.find("busy"), std::string::npos) << blocked.error().message;
    // Reading is unaffected by the other program's write.
    const auto seen = countPatients(library);
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(*seen, 1u);

    other.exec("COMMIT");
    EXPECT_TRUE(addPatient(library, "IPP-2"));  // the same call succeeds once the lock is gone
}

TEST(LibraryErrors, SqliteCodesMapToRetryableOrPermanent) {
    EXPECT_EQ(errorCodeForSqlite(SQLITE_BUSY), ErrorCode::Busy);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_LOCKED), ErrorCode::Busy);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_BUSY_SNAPSHOT), ErrorCode::Busy);  // extended code
    EXPECT_EQ(errorCodeForSqlite(SQLITE_LOCKED_SHAREDCACHE), ErrorCode::Busy);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_IOERR_FSYNC), ErrorCode::Io);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_FULL), ErrorCode::Io);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_CONSTRAINT_UNIQUE), ErrorCode::Database);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_CORRUPT), ErrorCode::Database);
    EXPECT_EQ(errorCodeForSqlite(SQLITE_READONLY), ErrorCode::Database);
    EXPECT_TRUE(isRetryable(ErrorCode::Busy));
    EXPECT_TRUE(isRetryable(ErrorCode::Io));
    for (ErrorCode permanent : {ErrorCode::Corrupt, ErrorCode::InvalidInput, ErrorCode::TooLarge,
                                ErrorCode::Database, ErrorCode::NotFound}) {
        EXPECT_FALSE(isRetryable(permanent)) << errorCodeName(permanent);
    }
}

}  // namespace
}  // namespace cicatrix::library
