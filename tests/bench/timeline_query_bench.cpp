// Timeline query for a wound with 1,000 photos in a generated library of 100,000 photos, with the
// (wound_id, captured_at) index, against the same query forced to scan (NOT INDEXED) as baseline.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <random>

#include "bench_timer.hpp"
#include "library/library.hpp"
#include "library/photo_repository.hpp"

using namespace cicatrix::library;
namespace fs = std::filesystem;

int main() {
    const fs::path dir =
        fs::temp_directory_path() / fmt::format("cicatrix-bench-{}", std::random_device{}());
    auto library = Library::open(dir);
    if (!library) {
        std::cerr << library.error().message << "\n";
        return 1;
    }
    constexpr int kPatients = 2000, kWoundsPerPatient = 2, kPhotos = 100'000,
                  kBigWoundPhotos = 1000;
    auto generated = (*library)->withDatabase([&](SQLite::Database& db) -> Result<void> {
        SQLite::Transaction tx(db);
        SQLite::Statement patient(db,
                                  "INSERT INTO patients (external_id, display_name) VALUES (?, ?)");
        SQLite::Statement wound(db, "INSERT INTO wounds (patient_id, label) VALUES (?, ?)");
        for (int p = 1; p <= kPatients; ++p) {
            patient.bind(1, fmt::format("IPP-{:06}", p));
            patient.bind(2, fmt::format("Patient {}", p));
            patient.exec();
            patient.reset();
            for (int w = 1; w <= kWoundsPerPatient; ++w) {
                wound.bind(1, p);
                wound.bind(2, fmt::format("W{}", w));
                wound.exec();
                wound.reset();
            }
        }
        SQLite::Statement photo(
            db, R"sql(INSERT INTO photos (wound_id, sha256, captured_at, capture_time_source,
            source, width, height, media_type, byte_size, original_name) VALUES (?, ?, ?, 'exif', 'clinic', 4000, 3000,
            'image/jpeg', 3000000, ?))sql");
        std::mt19937 rng(42);
        const int wounds = kPatients * kWoundsPerPatient;
        for (int i = 0; i < kPhotos; ++i) {
            const int woundId =
                i < kBigWoundPhotos ? 1 : 2 + static_cast<int>(rng() % (wounds - 1));
            photo.bind(1, woundId);
            photo.bind(2, fmt::format("{:064x}", i));
            photo.bind(3, fmt::format("2026-{:02}-{:02}T{:02}:{:02}:00", 1 + rng() % 12,
                                      1 + rng() % 28, rng() % 24, rng() % 60));
            photo.bind(4, fmt::format("IMG_{}.jpg", i));
            photo.exec();
            photo.reset();
        }
        tx.commit();
        return {};
    });
    if (!generated) {
        std::cerr << generated.error().message << "\n";
        return 1;
    }
    std::size_t rows = 0;
    const double indexed = cicatrix::bench::medianMs(21, [&] {
        rows = (*library)
                   ->withDatabase([](SQLite::Database& db) -> Result<std::vector<Photo>> {
                       return PhotoRepository(db).timeline(1);
                   })
                   ->size();
    });
    const double scan = cicatrix::bench::medianMs(5, [&] {
        (void)(*library)->withDatabase([](SQLite::Database& db) -> Result<int> {
            SQLite::Statement q(
                db, "SELECT * FROM photos NOT INDEXED WHERE wound_id = 1 ORDER BY captured_at, id");
            int n = 0;
            while (q.executeStep()) ++n;
            return n;
        });
    });
    std::cout << fmt::format(
        "timeline query: {} photos of one wound in a library of {} photos: {:.2f} ms "
        "(full-scan baseline {:.2f} ms, ratio ×{:.1f})\n",
        rows, kPhotos, indexed, scan, scan / indexed);
    library->reset();
    fs::remove_all(dir);
    return rows == kBigWoundPhotos ? 0 : 1;
}
