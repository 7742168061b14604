// `cicatrix report` through the real binary: the PDF renders (pdftoppm, one non-blank PNG per
// page), its text (pdftotext) names the patient and wound, the measurements with calibration and
// model version, every triage decision with its note and "Page 1 of N"; a wound without analyses
// yields a report that says so; an unknown patient or wound is refused with exit 1.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <regex>
#include <sstream>

#include "library/analysis_repository.hpp"
#include "library/content_hash.hpp"
#include "library/patient_repository.hpp"
#include "library/photo_importer.hpp"
#include "library/triage_repository.hpp"
#include "library/wound_repository.hpp"
#include "support/cicatrix_cli.hpp"
#include "support/test_images.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {
namespace {

namespace fs = std::filesystem;
using test::cli;
using test::quote;
using test::runCommand;

const fs::path kAssets = CICATRIX_TEST_ASSETS_DIR;

// The PDF's text in content order (a table cell's wrapped lines follow each other), with runs of
// white space collapsed to one space.
std::string pdfText(const fs::path& pdf) {
    const auto r = runCommand("pdftotext -raw " + quote(pdf.string()) + " -");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    return std::regex_replace(r.output, std::regex("\\s+"), " ");
}

// Renders every page at `dpi` into `dir`; returns the PNGs in page order.
std::vector<fs::path> renderPages(const fs::path& pdf, const fs::path& dir, int dpi) {
    fs::create_directories(dir);
    const auto r = runCommand("pdftoppm -r " + std::to_string(dpi) + " -png " +
                              quote(pdf.string()) + " " + quote((dir / "page").string()));
    EXPECT_EQ(r.exitCode, 0) << r.output;
    std::vector<fs::path> pages;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".png")
            pages.push_back(e.path());
    std::ranges::sort(pages);
    return pages;
}

// A page with printed content: dark pixels and some variation, not a blank sheet.
bool nonBlank(const fs::path& png) {
    const cv::Mat page = cv::imread(png.string(), cv::IMREAD_GRAYSCALE);
    if (page.empty())
        return false;
    cv::Scalar mean, stddev;
    cv::meanStdDev(page, mean, stddev);
    return cv::countNonZero(page < 100) > 100 && stddev[0] > 5.0;
}

int pageCountIn(const std::string& text) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("Page 1 of ([0-9]+)")))
        return -1;
    return std::stoi(m[1]);
}

class ReportPdf : public ::testing::Test {
  protected:
    void SetUp() override {
        m_library = std::move(*Library::open(m_dir / "lib"));
        ImportTarget target{"H-204518",          "Ada Quinlan",         "W2",   {},
                            PhotoSource::Clinic, "2026-01-05T10:00:00", "test", std::nullopt};
        target.woundDetails.anatomicalSite = "left heel";
        target.woundDetails.etiology = "diabetic_foot";
        m_clinic = importPhoto("P20T_3", target);
        target.source = PhotoSource::HomeNurse;
        target.capturedAtOverride = "2026-01-19T09:30:00";
        m_home = importPhoto("P20T_4", target);
    }

    Photo importPhoto(const std::string& stem, const ImportTarget& target) {
        auto r = PhotoImporter(*m_library)
                     .importFile(kAssets / "demo/Patient_20" / (stem + ".jpg"), target);
        EXPECT_EQ(r.outcome, ImportOutcome::Imported) << r.message;
        return *r.photo;
    }

    // Stores the expert mask of `stem` and an analysis row for `photo` as a model run would.
    void storeAnalysis(const Photo& photo, const std::string& stem, std::optional<double> areaCm2) {
        const cv::Mat mask =
            cv::imread((kAssets / "demo/wound_masks/Patient_20" / (stem + ".png")).string(),
                       cv::IMREAD_GRAYSCALE) > 127;
        ASSERT_FALSE(mask.empty());
        std::vector<std::uint8_t> png;
        ASSERT_TRUE(cv::imencode(".png", mask, png));
        const std::string sha = sha256Hex(png);
        ASSERT_TRUE(m_library->store().put(sha, png));
        Analysis a;
        a.photoId = photo.id;
        a.maskSource = "model";
        a.maskSha256 = sha;
        a.modelName = "woundseg";
        a.modelVersion = "2.3.1";
        a.areaPx = cv::countNonZero(mask);
        a.lengthPx = 410;
        a.widthPx = 233;
        a.granulationPct = 61;
        a.sloughPct = 27;
        a.necroticPct = 4;
        a.epithelialPct = 8;
        a.tissueMethod = "cielab";
        if (areaCm2) {
            a.calibrationSource = "aruco";
            a.calibrationDetail = "ArUco 4x4_50 id 7, 20.0 mm";
            a.mmPerPixel = 0.1;
            a.areaCm2 = areaCm2;
            a.lengthMm = 41.0;
            a.widthMm = 23.3;
            a.perimeterMm = 110.0;
        } else {
            a.calibrationSource = "none";
        }
        auto id = m_library->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
            return AnalysisRepository(db).insert(a);
        });
        ASSERT_TRUE(id) << id.error().message;
    }

    test::ProcessResult report(const std::string& patient, const std::string& wound,
                               const fs::path& out) {
        return cli("report --library " + quote((m_dir / "lib").string()) + " --patient " +
                   quote(patient) + " --wound " + quote(wound) + " --out " + quote(out.string()) +
                   " --as dr.lee");
    }

    test::TempDir m_dir;
    std::unique_ptr<Library> m_library;
    Photo m_clinic, m_home;
};

TEST_F(ReportPdf, HoldsPatientWoundMeasurementsDecisionsAndPageNumbers) {
    storeAnalysis(m_clinic, "P20T_3", 12.34);
    storeAnalysis(m_home, "P20T_4", std::nullopt);
    // One decision through the repository (the inbox rule), an older one as a raw history row.
    auto decided = m_library->withDatabase([&](SQLite::Database& db) {
        auto record = TriageRepository(db).decide(
            m_home.id, TriageDecision::Advice, "Keep dressing dry; photo again Friday", "dr.lee");
        db.exec(
            "INSERT INTO triage_decisions (wound_id, photo_id, decision, note, decided_by, "
            "decided_at) VALUES (" +
            std::to_string(m_home.woundId) + ", " + std::to_string(m_home.id) +
            ", 'consultation', 'Slough increasing, see in clinic Tuesday', 'nurse.kim', "
            "'2026-01-10T08:00:00Z')");
        return record;
    });
    ASSERT_TRUE(decided) << decided.error().message;

    const fs::path pdf = m_dir / "report.pdf";
    const auto r = report("H-204518", "W2", pdf);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    ASSERT_TRUE(fs::exists(pdf));

    const std::string text = pdfText(pdf);
    for (const std::string expected :
         {"Ada Quinlan", "H-204518", "W2", "left heel", "diabetic_foot", "12.34 cm²",
          "woundseg 2.3.1", "aruco: ArUco 4x4_50 id 7", "not calibrated", "Tissue (experimental)",
          "Slough increasing, see in clinic Tuesday", "Keep dressing dry; photo again Friday",
          "Advice sent", "nurse.kim", "by dr.lee", "Page 1 of "})
        EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n"
                                                          << text;
    const int pages = pageCountIn(text);
    ASSERT_GE(pages, 1);
    EXPECT_NE(text.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)),
              std::string::npos);

    const auto pngs = renderPages(pdf, m_dir / "pages", 50);
    ASSERT_EQ(static_cast<int>(pngs.size()), pages);
    for (const auto& png : pngs) EXPECT_TRUE(nonBlank(png)) << png;

    // The two photos travel as downscaled JPEGs (outlines drawn in), not as raw pixels.
    const auto images = runCommand("pdfimages -list " + quote(pdf.string()));
    ASSERT_EQ(images.exitCode, 0) << images.output;
    std::istringstream lines(images.output);
    std::string line;
    int jpegs = 0;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string page, num, type, width, height, colour, comp, bpc, enc;
        fields >> page >> num >> type >> width >> height >> colour >> comp >> bpc >> enc;
        if (type == "image" && enc == "jpeg") {
            ++jpegs;
            EXPECT_LE(std::max(std::stoi(width), std::stoi(height)), 1200) << line;
        }
    }
    EXPECT_EQ(jpegs, 2) << images.output;
}

TEST_F(ReportPdf, WoundWithoutAnalysesSaysSo) {
    const fs::path pdf = m_dir / "none.pdf";
    const auto r = report("H-204518", "W2", pdf);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string text = pdfText(pdf);
    EXPECT_NE(text.find("No analyses yet"), std::string::npos) << text;
    EXPECT_NE(text.find("not analysed"), std::string::npos) << text;
    EXPECT_NE(text.find("No triage decisions recorded"), std::string::npos) << text;
    const auto pngs = renderPages(pdf, m_dir / "none-pages", 50);
    ASSERT_EQ(static_cast<int>(pngs.size()), pageCountIn(text));
    for (const auto& png : pngs) EXPECT_TRUE(nonBlank(png)) << png;
}

TEST_F(ReportPdf, WoundWithoutPhotosStillGivesAReport) {
    auto wound = m_library->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        Wound w;
        w.patientId = PatientRepository(db).findByExternalId("H-204518")->id;
        w.label = "W9";
        w.details.anatomicalSite = "sacrum";
        return WoundRepository(db).insert(w);
    });
    ASSERT_TRUE(wound) << wound.error().message;
    const fs::path pdf = m_dir / "empty.pdf";
    const auto r = report("H-204518", "W9", pdf);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string text = pdfText(pdf);
    EXPECT_NE(text.find("sacrum"), std::string::npos) << text;
    EXPECT_NE(text.find("No photos yet"), std::string::npos) << text;
    EXPECT_EQ(pageCountIn(text), 1) << text;
}

TEST_F(ReportPdf, UnknownPatientOrWoundIsRefused) {
    const fs::path pdf = m_dir / "nobody.pdf";
    auto r = report("NOPE-1", "W2", pdf);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("cicatrix report: no patient with id NOPE-1"), std::string::npos)
        << r.output;
    r = report("H-204518", "W7", pdf);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("has no wound labelled W7"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(pdf));
}

TEST_F(ReportPdf, UnwritableOutputIsRefusedWithoutAFile) {
    const fs::path pdf = m_dir / "missing-folder" / "report.pdf";
    const auto r = report("H-204518", "W2", pdf);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("cannot write"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(pdf.parent_path()));
}

}  // namespace
}  // namespace cicatrix::workstation
