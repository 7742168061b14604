// The real `cicatrix import` and `cicatrix demo` commands against temp libraries.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "support/process.hpp"
#include "support/test_images.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;

TEST(CliImport, CreatesLibraryPatientAndWoundAndReportsEachFile) {
    TempDir dir;
    writeFile(dir / "in" / "good.jpg",
              withExif(encodeJpeg(markedImage(120, 90)), "2026:01:10 11:00:00", std::nullopt));
    writeFile(dir / "in" / "bad.png", {0x89, 'P', 'N', 'G'});
    const std::string cmd =
        std::string(CICATRIX_BINARY) + " import --library " + quote((dir / "lib").string()) +
        " --patient IPP-7 --patient-name 'Jeanne Test' --wound heel-left --etiology pressure"
        " --laterality left --site Heel --source home_nurse " +
        quote((dir / "in").string());
    const ProcessResult r = runCommand(cmd);
    EXPECT_EQ(r.exitCode, 1) << r.output;  // one file was rejected
    EXPECT_NE(r.output.find("imported  "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("rejected  "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1 imported, 0 already present, 1 rejected"), std::string::npos)
        << r.output;

    SQLite::Database db((dir / "lib" / "library.db").string());
    EXPECT_EQ(
        db.execAndGet("SELECT display_name FROM patients WHERE external_id = 'IPP-7'").getString(),
        "Jeanne Test");
    EXPECT_EQ(
        db.execAndGet("SELECT etiology || '/' || laterality || '/' || anatomical_site FROM wounds")
            .getString(),
        "pressure/left/Heel");
    EXPECT_EQ(db.execAndGet("SELECT source || '/' || captured_at FROM photos").getString(),
              "home_nurse/2026-01-10T11:00:00");
    EXPECT_EQ(db.execAndGet("SELECT kind FROM visits").getString(), "remote");

    // Importing again: a no-op that says so, exit 0.
    const ProcessResult again = runCommand(
        std::string(CICATRIX_BINARY) + " import --library " + quote((dir / "lib").string()) +
        " --patient IPP-7 --wound heel-left " + quote((dir / "in" / "good.jpg").string()));
    EXPECT_EQ(again.exitCode, 0) << again.output;
    EXPECT_NE(again.output.find("0 imported, 1 already present, 0 rejected"), std::string::npos)
        << again.output;
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM photos").getInt(), 1);
}

TEST(CliImport, RejectsUnknownCodedValues) {
    TempDir dir;
    const ProcessResult r =
        runCommand(std::string(CICATRIX_BINARY) + " import --library " +
                   quote((dir / "lib").string()) + " --patient P --wound W --etiology bite x.jpg");
    EXPECT_NE(r.exitCode, 0);
    EXPECT_FALSE(std::filesystem::exists(dir / "lib" / "library.db"));
}

TEST(CliImport, RefusesAnImpossibleCaptureTimeAndLeavesTheLibraryUnchanged) {
    TempDir dir;
    writeFile(dir / "in" / "first.png", encodePng(markedImage(40, 30, 1)));
    writeFile(dir / "in" / "second.png", encodePng(markedImage(40, 30, 2)));
    const std::string importCmd = std::string(CICATRIX_BINARY) + " import --library " +
                                  quote((dir / "lib").string()) + " --patient P --wound W ";
    const ProcessResult first = runCommand(importCmd + quote((dir / "in" / "first.png").string()));
    ASSERT_EQ(first.exitCode, 0) << first.output;
    auto objectCount = [&] {
        int n = 0;
        for (const auto& e :
             std::filesystem::recursive_directory_iterator(dir / "lib" / "objects")) {
            n += e.is_regular_file() ? 1 : 0;
        }
        return n;
    };
    ASSERT_EQ(objectCount(), 1);

    const ProcessResult r = runCommand(importCmd + "--captured-at 2026-13-45T99:99:99 " +
                                       quote((dir / "in" / "second.png").string()));
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("'2026-13-45T99:99:99'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("YYYY-MM-DDTHH:MM:SS"), std::string::npos) << r.output;
    SQLite::Database db((dir / "lib" / "library.db").string());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM photos").getInt(), 1);
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM audit_log").getInt(),
              3);  // patient, wound, photo
    EXPECT_EQ(objectCount(), 1);
}

TEST(CliDemo, BuildsTheDemoLibraryOnceFromTheShippedPhotos) {
    TempDir dir;
    const std::string cmd =
        std::string(CICATRIX_BINARY) + " demo --library " + quote((dir / "demo").string());
    const ProcessResult first = runCommand(cmd);
    ASSERT_EQ(first.exitCode, 0) << first.output;
    EXPECT_NE(first.output.find("13 photos imported"), std::string::npos) << first.output;
    SQLite::Database db((dir / "demo" / "library.db").string());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM patients").getInt(), 3);
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM photos").getInt(), 13);
    // Visit order is capture order for every patient.
    EXPECT_EQ(
        db.execAndGet(
              "SELECT group_concat(original_name, ',') FROM (SELECT original_name FROM photos p "
              "JOIN wounds w ON w.id = p.wound_id JOIN patients pa ON pa.id = w.patient_id "
              "WHERE pa.external_id = 'LUTSEG-20' ORDER BY captured_at)")
            .getString(),
        "P20T_1.jpg,P20T_2.jpg,P20T_3.jpg,P20T_4.jpg,P20T_6.jpg,P20T_7.jpg");
    const ProcessResult second = runCommand(cmd);
    ASSERT_EQ(second.exitCode, 0) << second.output;
    EXPECT_EQ(second.output.find("photos imported"), std::string::npos) << second.output;
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM photos").getInt(), 13);
}

}  // namespace
}  // namespace cicatrix::workstation
