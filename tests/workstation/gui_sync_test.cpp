// The real workstation syncing with a real Orthanc under Xvfb: photos seeded on the server, the
// server added to a fresh library with the CLI (password in an owner-only file), then the GUI
// opened with --sync-now (screenshot mode: it exits once the sync and what it reloads are done).
// Through --state-json and the drawn-rectangles JSON: the sync finished without errors, the UI
// kept drawing frames while it ran, each patient is listed with its photo count and marked up to
// date; a second sync pulls nothing new. Screenshots are kept in build/tests/screenshots/.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

#include "support/orthanc_server.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"
#include "sync/orthanc_seed.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

constexpr const char* kPatient = "W-2001";
constexpr int kPhotos = 3;  // real wound photos
// A second patient with more (generated) photos, so that the sync lasts long enough for the
// frames drawn meanwhile to be counted.
constexpr const char* kOtherPatient = "W-2002";
constexpr int kOtherPhotos = 12;

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json readJson(const fs::path& path) {
    std::ifstream in(path);
    return in ? nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false) : nlohmann::json{};
}

struct GuiRun {
    ProcessResult process;
    nlohmann::json state;
    nlohmann::json layout;
};

class GuiSync : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        m_orthanc = OrthancServer::start(error);
        ASSERT_NE(m_orthanc, nullptr) << error;
        sync::HttpClient client(sync::seed::orthancOptions(*m_orthanc));
        const std::string study = "1.2.826.0.1.3680043.10.77.1";
        // Three different wound photos (the same bytes twice would be one photo in the library).
        for (const char* name : {"0026.jpg", "0064.jpg", "0084.jpg"}) {
            const std::string jpeg =
                readBytes(fs::path(CICATRIX_TEST_DATA_DIR) / "fuseg-sample" / "images" / name);
            ASSERT_FALSE(jpeg.empty()) << name;
            auto seeded =
                sync::seed::seedPhoto(client, *m_orthanc, kPatient, study, study + ".1", "", jpeg);
            ASSERT_TRUE(seeded) << seeded.error().message;
        }
        const std::string otherStudy = "1.2.826.0.1.3680043.10.77.2";
        for (int i = 1; i <= kOtherPhotos; ++i) {
            const std::vector<std::uint8_t> jpeg = encodeJpeg(markedImage(800, 600, i));
            auto seeded =
                sync::seed::seedPhoto(client, *m_orthanc, kOtherPatient, otherStudy,
                                      otherStudy + ".1", "", std::string(jpeg.begin(), jpeg.end()));
            ASSERT_TRUE(seeded) << seeded.error().message;
        }
        const fs::path password = m_dir / "pacs.password";
        std::ofstream(password) << m_orthanc->password() << "\n";
        fs::permissions(password, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace);
        const ProcessResult add =
            runCommand(std::string(CICATRIX_BINARY) + " server add --library " + library() +
                       " --name pacs --url " + quote(m_orthanc->dicomWebRoot()) + " --user " +
                       m_orthanc->user() + " --password-file " + quote(password.string()));
        ASSERT_EQ(add.exitCode, 0) << add.output;
    }

    [[nodiscard]] std::string library() const { return quote((m_dir / "lib").string()); }

    // Opens the GUI with --sync-now in screenshot mode: it renders until the sync and the loads
    // it triggers are done, writes the screenshot and exits.
    GuiRun openAndSync(const std::string& name) {
        const fs::path png = m_dir / (name + ".png");
        const fs::path layout = m_dir / (name + ".json");
        const fs::path state = m_dir / (name + "-state.json");
        const std::string cmd = "timeout 150 xvfb-run -a -s '-screen 0 1600x1000x24' " +
                                std::string(CICATRIX_BINARY) + " gui --library " + library() +
                                " --sync-now" + " --screenshot " + quote(png.string()) +
                                " --frames 10 --layout-json " + quote(layout.string()) +
                                " --state-json " + quote(state.string());
        GuiRun run{runCommand(cmd), readJson(state), readJson(layout)};
        EXPECT_EQ(run.process.exitCode, 0) << cmd << "\n" << run.process.output;
        std::error_code ec;
        fs::create_directories("screenshots", ec);
        fs::copy_file(png, fs::path("screenshots") / (name + ".png"),
                      fs::copy_options::overwrite_existing, ec);
        return run;
    }

    TempDir m_dir;
    std::unique_ptr<OrthancServer> m_orthanc;
};

const nlohmann::json* findPatient(const nlohmann::json& state, const std::string& externalId) {
    if (!state.contains("patients"))
        return nullptr;
    for (const nlohmann::json& p : state["patients"]) {
        if (p["external_id"] == externalId)
            return &p;
    }
    return nullptr;
}

TEST_F(GuiSync, SyncNowPullsThePatientsPhotosAndMarksThemUpToDate) {
    const GuiRun first = openAndSync("gui_sync");
    ASSERT_FALSE(first.state.is_null()) << first.process.output;
    const nlohmann::json& sync = first.state["sync"];
    EXPECT_EQ(sync["running"], false);
    EXPECT_EQ(sync["runs"], 1);
    EXPECT_EQ(sync["servers"], 1);
    ASSERT_TRUE(sync.contains("last")) << first.state.dump(2);
    const nlohmann::json& last = sync["last"];
    EXPECT_EQ(last["servers"], 1);
    EXPECT_EQ(last["failed_servers"], 0) << last["first_error"];
    EXPECT_EQ(last["errors"], 0) << last["first_error"];
    EXPECT_EQ(last["pulled"], kPhotos + kOtherPhotos);
    EXPECT_GT(last["bytes"].get<std::uint64_t>(), 0u);
    // The sync ran on a worker: the frame loop kept drawing while it did (a sync on the UI
    // thread would have let no frame through between its start and its end).
    EXPECT_GE(last["frames_while_running"].get<int>(), 2);
    std::cout << "frames drawn while the sync ran: " << last["frames_while_running"] << "\n";

    const nlohmann::json* patient = findPatient(first.state, kPatient);
    ASSERT_NE(patient, nullptr) << first.state.dump(2);
    EXPECT_EQ((*patient)["photos"], kPhotos);
    EXPECT_EQ((*patient)["sync_state"], "up_to_date");
    EXPECT_EQ(first.state["selected_patient"], (*patient)["id"]) << "the first patient opens";
    EXPECT_EQ(first.state["timeline_photos"], kPhotos) << "the pulled photos open in the viewer";
    const nlohmann::json* other = findPatient(first.state, kOtherPatient);
    ASSERT_NE(other, nullptr);
    EXPECT_EQ((*other)["photos"], kOtherPhotos);
    EXPECT_EQ((*other)["sync_state"], "up_to_date");

    // The marker was drawn on the patient's row.
    const std::string marker =
        "sync:" + std::to_string((*patient)["id"].get<std::int64_t>()) + ":up_to_date";
    bool drawn = false;
    for (const nlohmann::json& r : first.layout["rects"]) drawn |= r["what"] == marker;
    EXPECT_TRUE(drawn) << "no " << marker << " in the layout";

    // Syncing again is idempotent: nothing new is pulled, the patient keeps its photos.
    const GuiRun second = openAndSync("gui_sync_again");
    ASSERT_FALSE(second.state.is_null()) << second.process.output;
    EXPECT_EQ(second.state["sync"]["last"]["pulled"], 0);
    EXPECT_EQ(second.state["sync"]["last"]["failed_servers"], 0);
    const nlohmann::json* again = findPatient(second.state, kPatient);
    ASSERT_NE(again, nullptr);
    EXPECT_EQ((*again)["photos"], kPhotos);
    EXPECT_EQ((*again)["sync_state"], "up_to_date");
}

}  // namespace
}  // namespace cicatrix::workstation
