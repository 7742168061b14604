// `cicatrix model activate|show` and `eval --library` through the real binary: a fresh library
// uses the shipped model; a folder that does not load is refused; an activated model is recorded
// (name, version, folder, user, audit row), used by `eval --library` without --model and by
// modelDirFor() (the GUI's choice); --model still overrides; a broken active folder falls back to
// the shipped model with a note.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "demo_photo_fixture.hpp"
#include "ml/model_card.hpp"
#include "support/cicatrix_cli.hpp"
#include "workstation/app/model_selection.hpp"

namespace cicatrix::workstation {
namespace {

using test::cli;
using test::cliStdout;
using test::quote;
namespace fs = std::filesystem;

const fs::path kShipped = fs::path(CICATRIX_TEST_ASSETS_DIR) / "models" / "wound-seg";

class CliModel : public DemoPhotoLibrary {
  protected:
    std::string lib() const { return quote((m_dir / "lib").string()); }
    nlohmann::json show() const {
        const auto r = cliStdout("model show --json --library " + lib());
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }
    nlohmann::json eval(const std::string& extra = {}) const {
        const auto r = cliStdout("eval --json --library " + lib() + extra);
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }
    // The shipped model under another version: same weights, card relabelled.
    fs::path relabelledCopy(const std::string& version) const {
        const fs::path dir = m_dir / ("model-" + version);
        fs::create_directories(dir);
        fs::copy_file(kShipped / "model.pt", dir / "model.pt");
        auto card = nlohmann::json::parse(std::ifstream(kShipped / "model_card.json"));
        card["version"] = version;
        std::ofstream(dir / "model_card.json") << card.dump(2);
        return dir;
    }
    void approveExpert() {
        const fs::path png = m_dir / "expert.png";
        cv::imwrite(png.string(), m_expert);
        const std::string photo = std::to_string(m_photo.id);
        ASSERT_EQ(cli("labels import --library " + lib() + " --photo " + photo + " --mask " +
                      quote(png.string()) + " --as anna")
                      .exitCode,
                  0);
        ASSERT_EQ(
            cli("labels review --library " + lib() + " --photo " + photo + " --approve --as bob")
                .exitCode,
            0);
    }
};

TEST_F(CliModel, ActivatedModelIsRecordedAndUsedUntilItBreaks) {
    const auto shippedCard = ml::readModelCard(kShipped);
    ASSERT_TRUE(shippedCard);
    approveExpert();

    auto j = show();
    EXPECT_TRUE(j["active"].is_null());
    EXPECT_TRUE(j["in_use"]["shipped"].get<bool>());
    EXPECT_EQ(j["in_use"]["version"], shippedCard->version);
    EXPECT_EQ(eval()["model"]["version"], shippedCard->version);

    const fs::path broken = m_dir / "not-a-model";
    fs::create_directories(broken);
    const auto refused = cli("model activate --library " + lib() + " --model " +
                             quote(broken.string()) + " --as bob");
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.output.find("is not a usable model"), std::string::npos) << refused.output;
    EXPECT_TRUE(show()["active"].is_null());

    const fs::path next = relabelledCopy("9.9.9-test");
    const auto activated =
        cli("model activate --library " + lib() + " --model " + quote(next.string()) + " --as bob");
    ASSERT_EQ(activated.exitCode, 0) << activated.output;
    j = show();
    ASSERT_FALSE(j["active"].is_null()) << j.dump(2);
    EXPECT_EQ(j["active"]["version"], "9.9.9-test");
    EXPECT_EQ(j["active"]["name"], shippedCard->name);
    EXPECT_EQ(j["active"]["activated_by"], "bob");
    EXPECT_EQ(fs::path(j["active"]["dir"].get<std::string>()), fs::canonical(next));
    EXPECT_FALSE(j["in_use"]["shipped"].get<bool>());
    EXPECT_EQ(modelDirFor(*m_library), fs::canonical(next)) << "the GUI's choice";
    const int audits = *m_library->withReader([](SQLite::Database& db) -> Result<int> {
        return db
            .execAndGet(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'model.activate' "
                "AND actor = 'bob'")
            .getInt();
    });
    EXPECT_EQ(audits, 1);

    const auto scored = eval();
    EXPECT_EQ(scored["model"]["version"], "9.9.9-test");
    EXPECT_EQ(scored["images"], 1);
    const auto overridden = eval(" --model " + quote(kShipped.string()));
    EXPECT_EQ(overridden["model"]["version"], shippedCard->version);
    EXPECT_DOUBLE_EQ(overridden["dice_aggregate"].get<double>(),
                     scored["dice_aggregate"].get<double>())
        << "same weights";

    fs::remove(next / "model.pt");  // the active folder breaks: back to the shipped model
    j = show();
    EXPECT_EQ(j["active"]["version"], "9.9.9-test");
    EXPECT_TRUE(j["in_use"]["shipped"].get<bool>());
    EXPECT_NE(j["note"].get<std::string>().find("cannot be used"), std::string::npos) << j.dump(2);
    EXPECT_EQ(fs::canonical(modelDirFor(*m_library)), fs::canonical(kShipped));
    EXPECT_EQ(eval()["model"]["version"], shippedCard->version);
}

}  // namespace
}  // namespace cicatrix::workstation
