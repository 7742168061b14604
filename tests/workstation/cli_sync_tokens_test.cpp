// Photos from home that reach the hospital store as DICOM with an enrolment token in (0011,xx10),
// pulled by `cicatrix sync` from a real Orthanc: a photo whose token holds and matches the
// patient (PatientID) and wound (SeriesDescription) it claims is filed into that wound with its
// home source; every other one — malformed, forged, revoked, wrong patient, wrong wound — is a
// quarantine_items row with its reason and its SOP Instance UID, never a photos row, and is not
// fetched again at the next sync. A quarantined sync photo can then be filed by a user.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>

#include "support/cicatrix_cli.hpp"
#include "support/orthanc_server.hpp"
#include "support/process.hpp"
#include "support/test_images.hpp"
#include "sync/orthanc_seed.hpp"

namespace cicatrix::workstation {
namespace {

using namespace cicatrix::test;
namespace fs = std::filesystem;

class SyncTokens : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* previous = std::getenv("XDG_CONFIG_HOME");
        m_previousConfig =
            previous != nullptr ? std::optional<std::string>(previous) : std::nullopt;
        ::setenv("XDG_CONFIG_HOME", (m_dir / "config").c_str(), 1);  // the site key, for children
    }
    void TearDown() override {
        if (m_previousConfig) {
            ::setenv("XDG_CONFIG_HOME", m_previousConfig->c_str(), 1);
        } else {
            ::unsetenv("XDG_CONFIG_HOME");
        }
    }
    std::string lib() const { return quote((m_dir / "lib").string()); }
    std::string value(const std::string& sql) const {
        SQLite::Database db((m_dir / "lib" / "library.db").string(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, sql);
        return q.executeStep() ? q.getColumn(0).getString() : std::string("<no row>");
    }
    int count(const std::string& sql) const { return std::stoi(value(sql)); }
    std::string enrol(const std::string& wound) const {
        const auto r = cliStdout("enrol --json --library " + lib() + " --patient P1 --wound " +
                                 wound + " --out " + quote((m_dir / (wound + ".pdf")).string()));
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output)["token"];
    }

    TempDir m_dir;
    std::optional<std::string> m_previousConfig;
};

// The signature's first character changed: still well formed, no longer the site key's.
std::string forge(std::string token) {
    const std::size_t signature = token.rfind('.') + 1;
    token[signature] = token[signature] == 'A' ? 'B' : 'A';
    return token;
}

TEST_F(SyncTokens, HomePhotosAreFiledOnlyWhenTheirTokenHoldsOtherwiseQuarantined) {
    std::string error;
    auto server = OrthancServer::start(error);
    ASSERT_NE(server, nullptr) << error;

    // The library knows P1 (wounds W1, W2) and P2 from clinic photos; W1 is enrolled, and a
    // second enrolment of W1 is revoked.
    int variant = 0;
    for (const auto& [patient, wound] : {std::pair{"P1", "W1"}, {"P1", "W2"}, {"P2", "W1"}}) {
        const fs::path photo = m_dir / ("clinic" + std::to_string(++variant) + ".jpg");
        const std::string jpeg = sync::seed::distinctJpeg(variant);
        writeFile(photo, std::vector<std::uint8_t>(jpeg.begin(), jpeg.end()));
        const auto r =
            cli("import --library " + lib() + " --patient " + patient + " --wound " + wound +
                " --captured-at 2026-05-01T10:00:00 --source clinic " + quote(photo.string()));
        ASSERT_EQ(r.exitCode, 0) << r.output;
    }
    const std::string token = enrol("W1");
    const std::string revoked = enrol("W1");
    ASSERT_EQ(cli("enrol --library " + lib() + " --revoke " + quote(revoked)).exitCode, 0);

    // What the home app stored on the hospital server.
    sync::HttpClient client(sync::seed::orthancOptions(*server));
    struct Sent {
        std::string patient, wound, source, token, reason;  // reason empty: filed
        std::string sop = {};
    };
    std::vector<Sent> sent = {
        {"P1", "W1", "home_nurse", token, ""},
        {"P1", "W1", "patient", token, ""},
        {"P1", "W1", "patient", "c1.not-a-token", "malformed"},
        {"P1", "W1", "patient", forge(token), "forged"},
        {"P1", "W1", "patient", revoked, "revoked"},
        {"P2", "W1", "patient", token, "wrong_patient"},
        {"P1", "W2", "patient", token, "wrong_wound"},
        {"P3", "W9", "clinic", "", ""},  // a clinic photo without a token: filed as before
    };
    for (Sent& s : sent) {
        sync::seed::SeedPhoto photo;
        photo.patient = s.patient;
        photo.wound = s.wound;
        photo.source = s.source;
        photo.enrolmentToken = s.token;
        photo.jpeg = sync::seed::distinctJpeg(++variant);
        auto stored = sync::seed::storeEncodedPhoto(client, *server, photo);
        ASSERT_TRUE(stored) << stored.error().message;
        s.sop = *stored;
    }

    const std::string password = (m_dir / "password").string();
    const std::string secret = server->password() + "\n";
    writeFile(password, std::vector<std::uint8_t>(secret.begin(), secret.end()));
    fs::permissions(password, fs::perms::owner_read | fs::perms::owner_write);
    ASSERT_EQ(cli("server add --library " + lib() + " --name pacs --url " + server->dicomWebRoot() +
                  " --user cicatrix --password-file " + quote(password))
                  .exitCode,
              0);
    const int photosBefore = count("SELECT count(*) FROM photos");
    const ProcessResult first = cliStdout("sync --library " + lib() + " --server pacs --json");
    ASSERT_EQ(first.exitCode, 0) << first.output;
    const auto report = nlohmann::json::parse(first.output);
    EXPECT_EQ(report["pulled"], 3) << first.output;
    EXPECT_EQ(report["quarantined"], 5) << first.output;

    EXPECT_EQ(count("SELECT count(*) FROM photos"), photosBefore + 3);
    for (const Sent& s : sent) {
        const std::string where = "sop_instance_uid = '" + s.sop + "'";
        if (s.reason.empty()) {
            // Filed, with its DICOM identity, into the claimed (token's) wound, its source kept.
            EXPECT_EQ(value("SELECT pt.external_id || '/' || w.label || '/' || p.source FROM "
                            "photo_instances i JOIN photos p ON p.id = i.photo_id JOIN wounds w ON "
                            "w.id = p.wound_id JOIN patients pt ON pt.id = w.patient_id WHERE i." +
                            where),
                      s.patient + "/" + s.wound + "/" + s.source);
            EXPECT_EQ(count("SELECT count(*) FROM quarantine_items WHERE " + where), 0);
            continue;
        }
        EXPECT_EQ(value("SELECT reason || '/' || arrived_via || '/' || claimed_patient || '/' || "
                        "claimed_wound FROM quarantine_items WHERE " +
                        where),
                  s.reason + "/sync/" + s.patient + "/" + s.wound);
        EXPECT_EQ(count("SELECT count(*) FROM photo_instances WHERE " + where), 0) << s.reason;
        // Its bytes are kept for the quarantine but are no photo of anyone.
        EXPECT_EQ(count("SELECT count(*) FROM photos WHERE sha256 = (SELECT sha256 FROM "
                        "quarantine_items WHERE " +
                        where + ")"),
                  0)
            << s.reason;
    }
    EXPECT_EQ(count("SELECT count(*) FROM patients WHERE external_id = 'P3'"), 1);

    // The next sync fetches none of them again: nothing new filed or quarantined.
    const ProcessResult second = cliStdout("sync --library " + lib() + " --server pacs --json");
    ASSERT_EQ(second.exitCode, 0) << second.output;
    EXPECT_EQ(nlohmann::json::parse(second.output)["quarantined"], 0) << second.output;
    EXPECT_EQ(count("SELECT count(*) FROM quarantine_items"), 5);
    EXPECT_EQ(count("SELECT count(*) FROM photos"), photosBefore + 3 + 0);

    // A user files the wrong-wound photo where it belongs (recorded).
    const std::string item = value("SELECT id FROM quarantine_items WHERE reason = 'wrong_wound'");
    const auto filed = cli("quarantine file --library " + lib() + " --item " + item +
                           " --patient P1 --wound W2 --as nurse");
    ASSERT_EQ(filed.exitCode, 0) << filed.output;
    EXPECT_EQ(
        value("SELECT resolution || '/' || resolved_by FROM quarantine_items WHERE id = " + item),
        "filed/nurse");
    EXPECT_EQ(count("SELECT count(*) FROM photos"), photosBefore + 4);
}

}  // namespace
}  // namespace cicatrix::workstation
