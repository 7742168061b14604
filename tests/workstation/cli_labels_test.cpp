// `cicatrix labels import|review|list`, `export` and `eval --library` through the real binary on
// a library holding a real demo photo and its expert mask: a 0/255 mask becomes a submitted wound
// label, wrong sizes and unknown class ids are refused with the library unchanged, an annotator
// cannot approve their own label, a reviewer can; only approved labels are exported and scored.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "demo_photo_fixture.hpp"
#include "support/cicatrix_cli.hpp"

namespace cicatrix::workstation {
namespace {

using test::cli;
using test::cliStdout;
using test::quote;
namespace fs = std::filesystem;

class CliLabels : public DemoPhotoLibrary {
  protected:
    std::string lib() const { return quote((m_dir / "lib").string()); }
    std::string photo() const { return std::to_string(m_photo.id); }
    std::string writeMask(const std::string& name, const cv::Mat& mask) const {
        const fs::path p = m_dir / name;
        cv::imwrite(p.string(), mask);
        return quote(p.string());
    }
    nlohmann::json list(const std::string& extra = {}) const {
        const auto r = cliStdout("labels list --json --library " + lib() + extra);
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }
};

TEST_F(CliLabels, ImportRefusesBadMasksThenReviewNeedsAnotherUser) {
    const auto wrongSize =
        cli("labels import --library " + lib() + " --photo " + photo() + " --mask " +
            writeMask("small.png", cv::Mat::zeros(10, 10, CV_8UC1)) + " --as anna");
    EXPECT_EQ(wrongSize.exitCode, 1);
    EXPECT_NE(wrongSize.output.find("the photo is"), std::string::npos) << wrongSize.output;
    cv::Mat unknown = m_expert.clone();
    unknown.setTo(9, m_expert > 0);
    const auto badIds = cli("labels import --library " + lib() + " --photo " + photo() +
                            " --mask " + writeMask("ids.png", unknown) + " --as anna");
    EXPECT_EQ(badIds.exitCode, 1);
    EXPECT_NE(badIds.output.find("unknown class ids: 9"), std::string::npos) << badIds.output;
    EXPECT_TRUE(list().empty());

    const auto imported = cli("labels import --library " + lib() + " --photo " + photo() +
                              " --mask " + writeMask("expert.png", m_expert) + " --as anna");
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    const auto versions = list();
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(versions[0]["status"], "submitted");
    EXPECT_EQ(versions[0]["submitted_by"], "anna");

    const auto own =
        cli("labels review --library " + lib() + " --photo " + photo() + " --approve --as anna");
    EXPECT_EQ(own.exitCode, 1);
    EXPECT_NE(own.output.find("cannot review"), std::string::npos) << own.output;
    EXPECT_EQ(list()[0]["status"], "submitted");
    EXPECT_EQ(cli("labels review --library " + lib() + " --photo " + photo() + " --reject --as bob")
                  .exitCode,
              1)
        << "sending back needs a comment";
    ASSERT_EQ(
        cli("labels review --library " + lib() + " --photo " + photo() + " --approve --as bob")
            .exitCode,
        0);
    const auto approved = list(" --status approved");
    ASSERT_EQ(approved.size(), 1u);
    EXPECT_EQ(approved[0]["reviewed_by"], "bob");
}

TEST_F(CliLabels, OnlyApprovedLabelsAreExportedAndScored) {
    // Nothing approved: nothing to export or score.
    EXPECT_EQ(
        cli("export --library " + lib() + " --out " + quote((m_dir / "none").string())).exitCode,
        1);
    ASSERT_EQ(cli("labels import --library " + lib() + " --photo " + photo() + " --mask " +
                  writeMask("expert.png", m_expert) + " --as anna")
                  .exitCode,
              0);
    EXPECT_EQ(
        cli("export --library " + lib() + " --out " + quote((m_dir / "none").string())).exitCode, 1)
        << "a submitted label is not exported";
    ASSERT_EQ(
        cli("labels review --library " + lib() + " --photo " + photo() + " --approve --as bob")
            .exitCode,
        0);

    const fs::path out = m_dir / "dataset";
    const auto exported =
        cli("export --library " + lib() + " --format nnunet --out " + quote(out.string()));
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    EXPECT_TRUE(fs::exists(out / "imagesTr" / "case_0001_0000.png"));
    const cv::Mat label =
        cv::imread((out / "labelsTr" / "case_0001.png").string(), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(label.size(), m_expert.size());
    EXPECT_EQ(cv::countNonZero(label == 1), cv::countNonZero(m_expert > 0));
    const auto again = cli("export --library " + lib() + " --out " + quote(out.string()));
    EXPECT_EQ(again.exitCode, 1) << "a non-empty folder is refused";
    EXPECT_NE(again.output.find("not empty"), std::string::npos) << again.output;

    const auto scored = cliStdout("eval --library " + lib() + " --json");
    ASSERT_EQ(scored.exitCode, 0) << scored.output;
    const auto j = nlohmann::json::parse(scored.output);
    EXPECT_EQ(j["images"], 1);
    EXPECT_GT(j["dice_aggregate"].get<double>(), 0.3);  // the shipped model on a real wound
    EXPECT_LE(j["dice_aggregate"].get<double>(), 1.0);
}

}  // namespace
}  // namespace cicatrix::workstation
