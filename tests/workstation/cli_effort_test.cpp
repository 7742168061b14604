// `cicatrix labels effort` through the real binary on a real demo photo: the Dice between the AI
// draft and the approved label (unsure pixels left out) per photo and per model version, and the
// agreement between two annotators' latest versions; a library without drafts reports nothing.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "annotate/label_classes.hpp"
#include "demo_photo_fixture.hpp"
#include "support/cicatrix_cli.hpp"
#include "workstation/labels/label_store.hpp"

namespace cicatrix::workstation {
namespace {

using test::cli;
using test::cliStdout;
using test::quote;
namespace fs = std::filesystem;

// Dice of wound pixels over the pixels neither map marks unsure, counted with OpenCV.
double expectedDice(const cv::Mat& a, const cv::Mat& b) {
    const cv::Mat scored = (a != annotate::kIgnoreLabel) & (b != annotate::kIgnoreLabel);
    const cv::Mat wa = (a >= 1) & (a <= annotate::kWoundLabel) & scored;
    const cv::Mat wb = (b >= 1) & (b <= annotate::kWoundLabel) & scored;
    return 2.0 * cv::countNonZero(wa & wb) / (cv::countNonZero(wa) + cv::countNonZero(wb));
}

class CliEffort : public DemoPhotoLibrary {
  protected:
    std::string lib() const { return quote((m_dir / "lib").string()); }
    std::string photo() const { return std::to_string(m_photo.id); }
    cv::Mat expertLabels() const {
        cv::Mat labels = cv::Mat::zeros(m_expert.size(), CV_8UC1);
        labels.setTo(annotate::kWoundLabel, m_expert);
        return labels;
    }
    nlohmann::json effort() const {
        const auto r = cliStdout("labels effort --json --library " + lib());
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }
};

TEST_F(CliEffort, DraftVersusApprovedPerPhotoAndModelAndAnnotatorAgreement) {
    EXPECT_TRUE(effort()["photos"].empty());

    // The AI draft: the expert outline shifted 15 px right, granulation rather than plain wound,
    // with an unsure band over part of it.
    cv::Mat draft = cv::Mat::zeros(m_expert.size(), CV_8UC1);
    const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, 15, 0, 1, 0);
    cv::Mat shifted;
    cv::warpAffine(expertLabels(), shifted, shift, draft.size(), cv::INTER_NEAREST);
    draft.setTo(3, shifted > 0);
    draft(cv::Rect(0, 0, draft.cols, draft.rows / 3)).setTo(annotate::kIgnoreLabel);
    auto stored = storeLabelVersion(*m_library, draft,
                                    {m_photo.id, std::nullopt, LabelStatus::AiDraft, "", "model",
                                     "cicatrix-wound-unet", "1.0.0", "local-user"});
    ASSERT_TRUE(stored) << stored.error().message;

    const fs::path expertPng = m_dir / "expert.png";
    cv::imwrite(expertPng.string(), m_expert);
    ASSERT_EQ(cli("labels import --library " + lib() + " --photo " + photo() + " --mask " +
                  quote(expertPng.string()) + " --as anna")
                  .exitCode,
              0);
    EXPECT_TRUE(effort()["photos"].empty()) << "nothing approved yet";
    ASSERT_EQ(
        cli("labels review --library " + lib() + " --photo " + photo() + " --approve --as bob")
            .exitCode,
        0);
    // A second annotator's version: the expert outline eroded.
    cv::Mat eroded;
    cv::erode(expertLabels(), eroded, cv::Mat::ones(21, 21, CV_8UC1));
    ASSERT_TRUE(storeLabelVersion(*m_library, eroded,
                                  {m_photo.id, std::nullopt, LabelStatus::Submitted, "", "manual",
                                   std::nullopt, std::nullopt, "carl"}));

    const auto j = effort();
    const double draftDice = expectedDice(draft, expertLabels());
    ASSERT_GT(draftDice, 0.1);
    ASSERT_LT(draftDice, 0.99);
    ASSERT_EQ(j["photos"].size(), 1u) << j.dump(2);
    EXPECT_EQ(j["photos"][0]["photo_id"], m_photo.id);
    EXPECT_EQ(j["photos"][0]["model_version"], "1.0.0");
    EXPECT_NEAR(j["photos"][0]["dice"].get<double>(), draftDice, 1e-9);
    ASSERT_EQ(j["per_model"].size(), 1u);
    EXPECT_EQ(j["per_model"][0]["model_version"], "1.0.0");
    EXPECT_EQ(j["per_model"][0]["photos"], 1);
    EXPECT_NEAR(j["per_model"][0]["dice_mean"].get<double>(), draftDice, 1e-9);
    EXPECT_NEAR(j["per_model"][0]["dice_aggregate"].get<double>(), draftDice, 1e-9);
    // Scoring the unsure band would change the Dice: the exclusion is real.
    cv::Mat draftNoUnsure = draft.clone();
    draftNoUnsure.setTo(0, draft == annotate::kIgnoreLabel);
    EXPECT_GT(std::abs(expectedDice(draftNoUnsure, expertLabels()) - draftDice), 0.01);

    ASSERT_EQ(j["agreement"].size(), 1u) << j.dump(2);
    EXPECT_EQ(j["agreement"][0]["photo_id"], m_photo.id);
    EXPECT_EQ(j["agreement"][0]["annotators"], nlohmann::json({"anna", "carl"}));
    const double pairDice = expectedDice(expertLabels(), eroded);
    ASSERT_LT(pairDice, 0.99);
    EXPECT_NEAR(j["agreement"][0]["dice"].get<double>(), pairDice, 1e-9);

    const auto text = cli("labels effort --library " + lib());
    EXPECT_EQ(text.exitCode, 0);
    EXPECT_NE(text.output.find("anna vs carl"), std::string::npos) << text.output;
}

TEST_F(CliEffort, UnknownLibraryIsRefused) {
    const auto r = cli("labels effort --library " + quote((m_dir / "missing").string()));
    EXPECT_EQ(r.exitCode, 1) << r.output;
}

}  // namespace
}  // namespace cicatrix::workstation
