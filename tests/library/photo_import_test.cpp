// Import of real encoded files and bytes into a temp library: EXIF date and orientation, file-time
// fallback, duplicate no-op (also when two imports race), impossible capture times, and every
// kind of bad input leaving the library unchanged.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <latch>
#include <thread>

#include "library/dates.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_decoder.hpp"
#include "library/photo_importer.hpp"
#include "library/photo_repository.hpp"
#include "support/test_images.hpp"

namespace cicatrix::library {
namespace {

namespace fs = std::filesystem;
using namespace cicatrix::test;

struct Snapshot {
    int patients, wounds, visits, photos, audit, objects;
    bool operator==(const Snapshot&) const = default;
};

class ImportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Library::open(m_dir / "library");
        ASSERT_TRUE(opened) << opened.error().message;
        m_library = std::move(*opened);
        m_target.patientExternalId = "IPP-42";
        m_target.patientDisplayName = "Test Patient";
        m_target.woundLabel = "W1";
        m_target.woundDetails.etiology = "diabetic_foot";
        m_target.source = PhotoSource::Clinic;
    }

    Snapshot snapshot() {
        auto counts = m_library->withDatabase([](SQLite::Database& db) -> Result<Snapshot> {
            auto count = [&](const char* table) {
                return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt();
            };
            return Snapshot{count("patients"), count("wounds"),    count("visits"),
                            count("photos"),   count("audit_log"), 0};
        });
        EXPECT_TRUE(counts);
        int objects = 0;
        std::error_code ec;
        if (fs::exists(m_library->root() / "objects", ec)) {
            for (const auto& e : fs::recursive_directory_iterator(m_library->root() / "objects")) {
                objects += e.is_regular_file() ? 1 : 0;
            }
        }
        counts->objects = objects;
        return *counts;
    }

    // Writes the bytes to a file under in/ and imports the file.
    ImportReport importAsFile(const std::string& name, const std::vector<std::uint8_t>& bytes) {
        writeFile(m_dir / "in" / name, bytes);
        return PhotoImporter(*m_library).importFile(m_dir / "in" / name, m_target);
    }

    void expectRejectedUnchanged(const std::string& name, const std::vector<std::uint8_t>& bytes,
                                 const std::string& why) {
        const Snapshot before = snapshot();
        const ImportReport r = importAsFile(name, bytes);
        EXPECT_EQ(r.outcome, ImportOutcome::Rejected) << name;
        EXPECT_NE(r.message.find(why), std::string::npos) << name << ": " << r.message;
        EXPECT_EQ(snapshot(), before) << name << " changed the library";
    }

    TempDir m_dir;
    std::unique_ptr<Library> m_library;
    ImportTarget m_target;
};

TEST_F(ImportTest, UsesTheExifCaptureTimeAndCreatesPatientWoundVisit) {
    const auto jpeg =
        withExif(encodeJpeg(markedImage(320, 240)), "2025:11:03 14:25:07", std::nullopt);
    const ImportReport r = importAsFile("exif.jpg", jpeg);
    ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
    ASSERT_TRUE(r.photo);
    EXPECT_EQ(r.photo->capturedAt, "2025-11-03T14:25:07");
    EXPECT_EQ(r.photo->captureTimeSource, CaptureTimeSource::Exif);
    EXPECT_EQ(r.photo->source, PhotoSource::Clinic);
    EXPECT_EQ(r.photo->width, 320);
    EXPECT_EQ(r.photo->height, 240);
    EXPECT_EQ(r.photo->originalName, "exif.jpg");
    EXPECT_EQ(r.photo->mediaType, "image/jpeg");
    EXPECT_TRUE(m_library->store().contains(r.photo->sha256));
    EXPECT_EQ(snapshot(), (Snapshot{1, 1, 1, 1, 3, 1}));  // audit: patient, wound, photo
    auto visits = m_library->withDatabase([&](SQLite::Database& db) -> Result<std::vector<Visit>> {
        return PhotoRepository(db).visitsForWound(r.photo->woundId);
    });
    ASSERT_TRUE(visits);
    ASSERT_EQ(visits->size(), 1u);
    EXPECT_EQ(visits->front().date, "2025-11-03");
    EXPECT_EQ(visits->front().kind, "clinic");
}

TEST_F(ImportTest, WithoutExifFallsBackToTheFileTimeAndFlagsIt) {
    const fs::path file = m_dir / "in" / "noexif.jpg";
    writeFile(file, encodeJpeg(markedImage(64, 48)));
    // 2024-02-29 12:00:00 local time as the file's modification time.
    std::tm tm{};
    tm.tm_year = 124;
    tm.tm_mon = 1;
    tm.tm_mday = 29;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    const auto sys = std::chrono::system_clock::from_time_t(std::mktime(&tm));
    fs::last_write_time(file, std::chrono::file_clock::from_sys(sys));
    const ImportReport r = PhotoImporter(*m_library).importFile(file, m_target);
    ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
    EXPECT_EQ(r.photo->captureTimeSource, CaptureTimeSource::FileTime);
    EXPECT_EQ(r.photo->capturedAt, "2024-02-29T12:00:00");
}

TEST_F(ImportTest, AppliesExifOrientation) {
    // Stored 200×100 with the red quadrant top-left; orientation 6 = rotate 90° clockwise.
    const auto jpeg = withExif(encodeJpeg(markedImage(200, 100)), "2025:01:01 08:00:00", 6);
    const ImportReport r = importAsFile("rotated.jpg", jpeg);
    ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
    EXPECT_EQ(r.photo->width, 100);
    EXPECT_EQ(r.photo->height, 200);
    EXPECT_EQ(r.photo->exifOrientation, 6);
    auto bytes = m_library->store().read(r.photo->sha256);
    ASSERT_TRUE(bytes);
    auto header = probeImage(*bytes);
    ASSERT_TRUE(header);
    auto upright = decodePhoto(*bytes, *header, r.photo->exifOrientation);
    ASSERT_TRUE(upright);
    EXPECT_EQ(upright->cols, 100);
    EXPECT_TRUE(isRed(*upright, 75, 25));   // top-right after the rotation
    EXPECT_FALSE(isRed(*upright, 25, 25));  // top-left is now grey
}

TEST_F(ImportTest, ReimportingTheSameBytesIsANoOpThatSaysSo) {
    const auto jpeg =
        withExif(encodeJpeg(markedImage(128, 96)), "2025:05:05 10:00:00", std::nullopt);
    const ImportReport first = importAsFile("a.jpg", jpeg);
    ASSERT_EQ(first.outcome, ImportOutcome::Imported);
    const Snapshot before = snapshot();
    m_target.woundLabel = "W2";  // even aimed at another wound: the photo already has a home
    const ImportReport again = importAsFile("copy-of-a.jpg", jpeg);
    EXPECT_EQ(again.outcome, ImportOutcome::AlreadyPresent);
    EXPECT_NE(again.message.find("already in the library"), std::string::npos);
    ASSERT_TRUE(again.photo);
    EXPECT_EQ(again.photo->id, first.photo->id);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportTest, ImportsPngAndSeparateWoundsOfOnePatient) {
    ASSERT_EQ(importAsFile("a.png", encodePng(markedImage(50, 40, 1))).outcome,
              ImportOutcome::Imported);
    m_target.woundLabel = "W2";
    ASSERT_EQ(importAsFile("b.png", encodePng(markedImage(50, 40, 2))).outcome,
              ImportOutcome::Imported);
    const Snapshot s = snapshot();
    EXPECT_EQ(s.patients, 1);
    EXPECT_EQ(s.wounds, 2);
    EXPECT_EQ(s.photos, 2);
}

TEST_F(ImportTest, RejectsAnEmptyFile) {
    expectRejectedUnchanged("empty.jpg", {}, "empty");
}

TEST_F(ImportTest, RejectsANonImage) {
    const std::string text = "patient notes, not a photo\n";
    expectRejectedUnchanged("notes.jpg", std::vector<std::uint8_t>(text.begin(), text.end()),
                            "not a JPEG or PNG");
}

TEST_F(ImportTest, RejectsATruncatedJpeg) {
    auto jpeg = encodeJpeg(markedImage(400, 300));
    jpeg.resize(jpeg.size() / 2);
    expectRejectedUnchanged("truncated.jpg", jpeg, "truncated");
}

TEST_F(ImportTest, RejectsATruncatedPng) {
    auto png = encodePng(markedImage(400, 300));
    png.resize(png.size() - 40);
    expectRejectedUnchanged("truncated.png", png, "truncated");
}

TEST_F(ImportTest, RejectsJpegWithCorruptImageData) {
    auto jpeg = encodeJpeg(markedImage(400, 300));
    // Overwrite the middle of the entropy-coded data with garbage, keeping the end marker.
    cv::RNG rng(7);
    for (std::size_t i = jpeg.size() / 3; i < jpeg.size() / 2; ++i) {
        jpeg[i] = static_cast<std::uint8_t>(rng.uniform(0, 255));
        if (jpeg[i] == 0xFF)
            jpeg[i] = 0x00;
    }
    expectRejectedUnchanged("corrupt.jpg", jpeg, "corrupt");
}

TEST_F(ImportTest, RejectsAPngWithBadChecksums) {
    auto png = encodePng(markedImage(100, 80));
    for (std::size_t i = 60; i < 90; ++i) png[i] ^= 0x5A;  // inside IDAT
    expectRejectedUnchanged("badcrc.png", png, "corrupt");
}

TEST_F(ImportTest, RejectsDecompressionBombsBeforeDecoding) {
    expectRejectedUnchanged("bomb.png", pngHeaderClaiming(60000, 60000), "decompression bomb");
    expectRejectedUnchanged("bomb.jpg", jpegClaiming(60000, 60000), "decompression bomb");
}

TEST_F(ImportTest, RejectsAMissingFile) {
    const Snapshot before = snapshot();
    const ImportReport r = PhotoImporter(*m_library).importFile(m_dir / "nope.jpg", m_target);
    EXPECT_EQ(r.outcome, ImportOutcome::Rejected);
    EXPECT_NE(r.message.find("no such file"), std::string::npos);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportTest, FolderImportWalksImagesAndReportsEachFile) {
    writeFile(m_dir / "folder" / "b.jpg", encodeJpeg(markedImage(80, 60, 2)));
    writeFile(m_dir / "folder" / "sub" / "c.PNG", encodePng(markedImage(80, 60, 3)));
    writeFile(m_dir / "folder" / "a.jpg", std::vector<std::uint8_t>{0xFF, 0xD8, 0xFF});  // broken
    writeFile(m_dir / "folder" / "readme.txt",
              std::vector<std::uint8_t>{'h', 'i'});  // not an image: not tried
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    const auto reports =
        PhotoImporter(*m_library)
            .importPaths({m_dir / "folder"}, m_target, [&](std::size_t done, std::size_t total) {
                progress.emplace_back(done, total);
            });
    ASSERT_EQ(reports.size(), 3u);
    EXPECT_EQ(reports[0].file.filename(), "a.jpg");
    EXPECT_EQ(reports[0].outcome, ImportOutcome::Rejected);
    EXPECT_EQ(reports[1].outcome, ImportOutcome::Imported);
    EXPECT_EQ(reports[2].outcome, ImportOutcome::Imported);
    EXPECT_EQ(progress.back(), (std::pair<std::size_t, std::size_t>{3, 3}));
    EXPECT_EQ(snapshot().photos, 2);
}

TEST_F(ImportTest, AStopRequestEndsAFolderImportBetweenFiles) {
    for (int i = 0; i < 4; ++i) {
        writeFile(m_dir / "many" / ("p" + std::to_string(i) + ".png"),
                  encodePng(markedImage(40, 30, i + 10)));
    }
    std::stop_source stop;
    const auto reports = PhotoImporter(*m_library)
                             .importPaths(
                                 {m_dir / "many"}, m_target,
                                 [&](std::size_t done, std::size_t) {
                                     if (done == 2)
                                         stop.request_stop();
                                 },
                                 stop.get_token());
    EXPECT_EQ(reports.size(), 2u);
    EXPECT_EQ(snapshot().photos, 2);
}

TEST_F(ImportTest, RequiresPatientAndWound) {
    m_target.woundLabel.clear();
    expectRejectedUnchanged("x.png", encodePng(markedImage(10, 10)), "wound id");
}

TEST_F(ImportTest, RefusesAnImpossibleCaptureTimeAndLeavesTheLibraryUnchanged) {
    ASSERT_EQ(importAsFile("first.png", encodePng(markedImage(30, 20, 5))).outcome,
              ImportOutcome::Imported);  // a library with content, so "unchanged" means something
    for (const char* bad : {"2026-13-45T99:99:99", "2026-02-30T10:00:00", "2025-02-29T12:00:00",
                            "2026-01-10T24:00:00", "2026-01-10"}) {
        m_target.capturedAtOverride = bad;
        expectRejectedUnchanged("late.png", encodePng(markedImage(30, 20, 6)),
                                std::string("'") + bad + "'");
        expectRejectedUnchanged("late.png", encodePng(markedImage(30, 20, 6)),
                                "YYYY-MM-DDTHH:MM:SS");
    }
    m_target.capturedAtOverride = "2024-02-29T23:59:59";  // a real leap day is fine
    const ImportReport ok = importAsFile("leap.png", encodePng(markedImage(30, 20, 6)));
    ASSERT_EQ(ok.outcome, ImportOutcome::Imported) << ok.message;
    EXPECT_EQ(ok.photo->capturedAt, "2024-02-29T23:59:59");
    EXPECT_EQ(ok.photo->captureTimeSource, CaptureTimeSource::Manual);
}

TEST_F(ImportTest, AnImpossibleExifDateCountsAsNoExifDate) {
    const fs::path file = m_dir / "in" / "badclock.jpg";
    writeFile(file, withExif(encodeJpeg(markedImage(64, 48)), "2025:02:30 10:00:00", std::nullopt));
    const ImportReport r = PhotoImporter(*m_library).importFile(file, m_target);
    ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
    EXPECT_EQ(r.photo->captureTimeSource, CaptureTimeSource::FileTime);
    EXPECT_TRUE(isValidIsoDateTime(r.photo->capturedAt)) << r.photo->capturedAt;
}

TEST_F(ImportTest, ImportingBytesGivesTheSamePhotoAsImportingTheFile) {
    auto other = Library::open(m_dir / "other-library");
    ASSERT_TRUE(other) << other.error().message;
    struct Case {
        std::string name;
        std::vector<std::uint8_t> bytes;
    };
    const std::vector<Case> cases{
        {"exif.jpg", withExif(encodeJpeg(markedImage(200, 100)), "2025:06:07 09:10:11", 6)},
        {"plain.png", encodePng(markedImage(90, 70, 3))},
    };
    for (const Case& c : cases) {
        const ImportReport fromFile = importAsFile(c.name, c.bytes);
        ASSERT_EQ(fromFile.outcome, ImportOutcome::Imported) << c.name << ": " << fromFile.message;
        // What a sync peer would send: the bytes, their name, and (without EXIF) a capture time.
        ImportMetadata metadata;
        metadata.originalName = c.name;
        metadata.fallbackCapturedAt =
            CaptureTime{fromFile.photo->capturedAt, fromFile.photo->captureTimeSource};
        const ImportReport fromBytes =
            PhotoImporter(**other).importBytes(c.bytes, m_target, metadata);
        ASSERT_EQ(fromBytes.outcome, ImportOutcome::Imported)
            << c.name << ": " << fromBytes.message;
        const Photo& a = *fromFile.photo;
        const Photo& b = *fromBytes.photo;
        EXPECT_EQ(b.sha256, a.sha256) << c.name;
        EXPECT_EQ(b.width, a.width) << c.name;
        EXPECT_EQ(b.height, a.height) << c.name;
        EXPECT_EQ(b.exifOrientation, a.exifOrientation) << c.name;
        EXPECT_EQ(b.mediaType, a.mediaType) << c.name;
        EXPECT_EQ(b.byteSize, a.byteSize) << c.name;
        EXPECT_EQ(b.capturedAt, a.capturedAt) << c.name;
        EXPECT_EQ(b.captureTimeSource, a.captureTimeSource) << c.name;
        EXPECT_EQ(b.originalName, c.name);
        EXPECT_EQ(fromBytes.file, fs::path(c.name));
        EXPECT_EQ(*(*other)->store().read(b.sha256), c.bytes);
    }
    EXPECT_EQ(cases.size(), 2u);
    // The EXIF date won over the offered fallback, as for a file.
    EXPECT_EQ(PhotoImporter(**other)
                  .importBytes(cases[0].bytes, m_target, {"again.jpg", {}, {}, {}})
                  .outcome,
              ImportOutcome::AlreadyPresent);
}

TEST_F(ImportTest, BytesMetadataSetsCaptureTimeAndSourceByPrecedence) {
    const auto jpeg =
        withExif(encodeJpeg(markedImage(80, 60, 4)), "2025:01:02 03:04:05", std::nullopt);
    ImportMetadata metadata;
    metadata.originalName = "from-peer.jpg";
    metadata.capturedAt = CaptureTime{"2025-01-09T08:00:00", CaptureTimeSource::Manual};
    metadata.source = PhotoSource::HomeNurse;
    const ImportReport r = PhotoImporter(*m_library).importBytes(jpeg, m_target, metadata);
    ASSERT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
    EXPECT_EQ(r.photo->capturedAt, "2025-01-09T08:00:00");  // the given time wins over EXIF
    EXPECT_EQ(r.photo->captureTimeSource, CaptureTimeSource::Manual);
    EXPECT_EQ(r.photo->source, PhotoSource::HomeNurse);  // over the target's Clinic
    auto visits = m_library->withReader([&](SQLite::Database& db) -> Result<std::vector<Visit>> {
        return PhotoRepository(db).visitsForWound(r.photo->woundId);
    });
    ASSERT_TRUE(visits);
    EXPECT_EQ(visits->front().kind, "remote");

    // The operator's override wins over everything.
    m_target.capturedAtOverride = "2025-01-10T10:00:00";
    const ImportReport o = PhotoImporter(*m_library)
                               .importBytes(encodePng(markedImage(20, 20, 9)), m_target, metadata);
    ASSERT_EQ(o.outcome, ImportOutcome::Imported) << o.message;
    EXPECT_EQ(o.photo->capturedAt, "2025-01-10T10:00:00");
}

TEST_F(ImportTest, BytesWithoutAnyCaptureTimeOrWithAnImpossibleOneAreRejected) {
    const Snapshot before = snapshot();
    const auto png = encodePng(markedImage(20, 20, 11));
    const ImportReport none =
        PhotoImporter(*m_library).importBytes(png, m_target, {"x.png", {}, {}, {}});
    EXPECT_EQ(none.outcome, ImportOutcome::Rejected);
    EXPECT_NE(none.message.find("no capture time"), std::string::npos) << none.message;
    ImportMetadata impossible{"x.png", CaptureTime{"2026-02-30T10:00:00"}, {}, {}};
    const ImportReport bad = PhotoImporter(*m_library).importBytes(png, m_target, impossible);
    EXPECT_EQ(bad.outcome, ImportOutcome::Rejected);
    EXPECT_NE(bad.message.find("'2026-02-30T10:00:00'"), std::string::npos) << bad.message;
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ImportTest, TwoSimultaneousImportsOfTheSameBytesBothSucceedWithOnePhoto) {
    constexpr int kRounds = 8;
    for (int round = 0; round < kRounds; ++round) {
        const auto jpeg = withExif(encodeJpeg(markedImage(320, 240, 100 + round)),
                                   "2025:03:04 05:06:07", std::nullopt);
        std::latch start(2);
        ImportReport reports[2];
        std::vector<std::thread> threads;
        for (int t = 0; t < 2; ++t) {
            threads.emplace_back([&, t] {
                PhotoImporter importer(*m_library);
                start.arrive_and_wait();  // both go at once
                reports[t] = importer.importBytes(
                    jpeg, m_target, {"same-" + std::to_string(t) + ".jpg", {}, {}, {}});
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        int imported = 0;
        for (const ImportReport& r : reports) {
            ASSERT_NE(r.outcome, ImportOutcome::Rejected) << "round " << round << ": " << r.message;
            imported += r.outcome == ImportOutcome::Imported ? 1 : 0;
            ASSERT_TRUE(r.photo);
        }
        EXPECT_EQ(imported, 1) << "round " << round;
        EXPECT_EQ(reports[0].photo->id, reports[1].photo->id) << "round " << round;
        EXPECT_TRUE(m_library->store().contains(reports[0].photo->sha256)) << "round " << round;
        const Snapshot s = snapshot();
        EXPECT_EQ(s.photos, round + 1) << "round " << round;
        EXPECT_EQ(s.objects, round + 1) << "round " << round;
    }
}

}  // namespace
}  // namespace cicatrix::library
