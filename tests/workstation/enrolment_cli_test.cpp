// `cicatrix enrol`, `import --token` and `quarantine` through the real binary (site key under a
// temp XDG_CONFIG_HOME): the handout PDF and the QR PNG carry the token verbatim and decode back
// to it; a photo with a good token is filed as the patient's; every bad token (forged, expired,
// revoked, unknown, wrong patient, wrong wound, malformed) is quarantined with its reason and
// never a photos row; quarantined photos are filed or discarded with the user recorded.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <tuple>

#include "library/enrolment_repository.hpp"
#include "library/library.hpp"
#include "support/cicatrix_cli.hpp"
#include "support/test_images.hpp"
#include "workstation/app/paths.hpp"
#include "workstation/enrolment/enrolment_token.hpp"
#include "workstation/error.hpp"

#include "qr_decode.hpp"

namespace cicatrix::workstation {
namespace {

namespace fs = std::filesystem;

using test::decodeQr;

using test::cli;
using test::cliStdout;
using test::quote;

class EnrolmentCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* previous = std::getenv("XDG_CONFIG_HOME");
        m_previousConfig =
            previous != nullptr ? std::optional<std::string>(previous) : std::nullopt;
        ::setenv("XDG_CONFIG_HOME", (m_dir / "config").c_str(), 1);
        // A clinic photo creates patient P1 / wound W1 (left heel); P2 and P1/W2 exist too.
        for (const auto& [patient, wound, seed] :
             {std::tuple{"P1", "W1", 1}, std::tuple{"P1", "W2", 2}, std::tuple{"P2", "W1", 3}}) {
            const fs::path photo = m_dir / fmt::format("clinic{}.jpg", seed);
            test::writeFile(photo, clinicJpeg(seed));
            const auto r = cli(fmt::format(
                "import --library {} --patient {} --wound {} --site heel --laterality left "
                "--source clinic {}",
                lib(), patient, wound, quote(photo.string())));
            ASSERT_EQ(r.exitCode, 0) << r.output;
        }
    }
    void TearDown() override {
        if (m_previousConfig) {
            ::setenv("XDG_CONFIG_HOME", m_previousConfig->c_str(), 1);
        } else {
            ::unsetenv("XDG_CONFIG_HOME");
        }
    }

    static std::vector<std::uint8_t> clinicJpeg(int seed) {
        return test::withExif(test::encodeJpeg(test::markedImage(120, 90, seed)),
                              "2026:01:10 11:00:00", std::nullopt);
    }
    std::string lib() const { return quote((m_dir / "lib").string()); }
    std::string homePhoto(int seed) const {
        const fs::path p = m_dir / fmt::format("home{}.jpg", seed);
        test::writeFile(p, clinicJpeg(100 + seed));
        return quote(p.string());
    }
    int count(const std::string& sql) const {
        SQLite::Database db((m_dir / "lib" / "library.db").string());
        return db.execAndGet(sql).getInt();
    }
    nlohmann::json enrol(const std::string& extra = {}) const {
        const auto r =
            cliStdout("enrol --json --library " + lib() + " --patient P1 --wound W1 --out " +
                      quote((m_dir / "handout.pdf").string()) + extra);
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }
    // Imports one new home photo with the token; expects it quarantined with `reason`.
    void expectQuarantined(const std::string& token, const std::string& reason,
                           const std::string& claims = {}) {
        const int photos = count("SELECT count(*) FROM photos");
        const int items = count("SELECT count(*) FROM quarantine_items");
        const auto r = cli("import --library " + lib() + " --token " + quote(token) + claims + " " +
                           homePhoto(++m_seed));
        EXPECT_EQ(r.exitCode, 1) << r.output;
        EXPECT_TRUE(r.output.starts_with("quarantined ") ||
                    r.output.find("\nquarantined ") != std::string::npos)
            << r.output;
        EXPECT_NE(r.output.find("reason " + reason), std::string::npos) << r.output;
        EXPECT_EQ(count("SELECT count(*) FROM photos"), photos) << reason;
        EXPECT_EQ(count("SELECT count(*) FROM quarantine_items"), items + 1) << reason;
        EXPECT_EQ(count("SELECT count(*) FROM quarantine_items WHERE id = (SELECT max(id) FROM "
                        "quarantine_items) AND reason = '" +
                        reason + "'"),
                  1)
            << reason;
    }

    test::TempDir m_dir;
    std::optional<std::string> m_previousConfig;
    int m_seed = 0;
};

TEST_F(EnrolmentCliTest, EnrolWritesHandoutAndAQrCodeThatDecodesToTheToken) {
    const auto out = enrol(" --days 14 --qr-png " + quote((m_dir / "qr.png").string()));
    const std::string token = out["token"];
    const std::string payload = out["qr_payload"];
    EXPECT_NE(payload.find(token), std::string::npos);
    EXPECT_NE(payload.find("dest=library"), std::string::npos) << "no server configured";

    const cv::Mat png = cv::imread((m_dir / "qr.png").string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(png.empty());
    EXPECT_EQ(decodeQr(png), payload);
    EXPECT_EQ(tokenFromQrPayload(payload), token);

    struct stat st {};
    ASSERT_EQ(::stat(defaultSiteKeyPath().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(count("SELECT count(*) FROM enrolments WHERE token = '" + token + "'"), 1);

    // The handout names the wound site and the expiry date (local), never the patient.
    const auto text =
        test::runCommand("pdftotext " + quote((m_dir / "handout.pdf").string()) + " - 2>&1");
    ASSERT_EQ(text.exitCode, 0) << text.output;
    std::string flat = text.output;
    std::erase(flat, '\n');
    EXPECT_NE(flat.find("heel"), std::string::npos) << text.output;
    EXPECT_NE(flat.find(std::string(out["expires_on"])), std::string::npos) << text.output;
    EXPECT_EQ(flat.find("P1"), std::string::npos) << text.output;
}

TEST_F(EnrolmentCliTest, PhotoWithAGoodTokenIsFiledAsThePatients) {
    const std::string token = enrol()["token"];
    const auto r =
        cli("import --library " + lib() + " --token " + quote(token) + " " + homePhoto(1));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(count("SELECT count(*) FROM photos p JOIN wounds w ON w.id = p.wound_id JOIN "
                    "patients pt ON pt.id = w.patient_id WHERE p.source = 'patient' AND "
                    "w.label = 'W1' AND pt.external_id = 'P1'"),
              1);
    const auto nurse = cli("import --library " + lib() + " --token " + quote(token) +
                           " --patient P1 --wound W1 --source home_nurse " + homePhoto(2));
    ASSERT_EQ(nurse.exitCode, 0) << nurse.output;
    EXPECT_EQ(count("SELECT count(*) FROM photos WHERE source = 'home_nurse'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM quarantine_items"), 0);
}

TEST_F(EnrolmentCliTest, EveryBadTokenIsQuarantinedWithNothingFiled) {
    const std::string good = enrol()["token"];
    const auto claims = readTokenClaims(good);
    ASSERT_TRUE(claims);

    expectQuarantined("c1.not-a-token", "malformed");
    expectQuarantined(signToken(*claims, generateSiteKey()), "forged");
    expectQuarantined(good, "wrong_patient", " --patient P2");
    expectQuarantined(good, "wrong_wound", " --patient P1 --wound W2");

    // Signed with the site key but never recorded by `enrol`.
    const auto siteKey = loadOrCreateSiteKey(defaultSiteKeyPath());
    ASSERT_TRUE(siteKey) << siteKey.error().message;
    expectQuarantined(signToken(newTokenClaims("P1", "W1", claims->expiresAt), *siteKey),
                      "unknown_enrolment");

    // An enrolment recorded like `enrol` does, whose expiry has passed.
    const TokenClaims past = newTokenClaims("P1", "W1", nowUnixSeconds() - 3600);
    const std::string expired = signToken(past, *siteKey);
    {
        auto library = Library::open(m_dir / "lib");
        ASSERT_TRUE(library);
        ASSERT_TRUE((*library)->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
            Enrolment e;
            e.nonce = past.nonce;
            e.patientId =
                db.execAndGet("SELECT id FROM patients WHERE external_id = 'P1'").getInt64();
            e.woundId = db.execAndGet(
                              "SELECT w.id FROM wounds w JOIN patients p ON p.id = "
                              "w.patient_id WHERE p.external_id = 'P1' AND w.label = 'W1'")
                            .getInt64();
            e.token = expired;
            e.createdBy = "test";
            e.createdAt = unixToIsoUtc(past.expiresAt - 86'400);
            e.expiresAt = unixToIsoUtc(past.expiresAt);
            return EnrolmentRepository(db).create(e);
        }));
    }
    expectQuarantined(expired, "expired");

    const auto revoke =
        cli("enrol --library " + lib() + " --revoke " + quote(good) + " --as nurse");
    ASSERT_EQ(revoke.exitCode, 0) << revoke.output;
    expectQuarantined(good, "revoked");
    EXPECT_EQ(cli("enrol --library " + lib() + " --revoke " + quote(good)).exitCode, 1)
        << "revoked once";
    EXPECT_EQ(count("SELECT count(*) FROM photos WHERE source IN ('patient', 'home_nurse')"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'enrolment.revoke' AND "
                    "actor = 'nurse'"),
              1);
}

TEST_F(EnrolmentCliTest, QuarantinedPhotosAreFiledOrDiscardedWithTheUserRecorded) {
    const std::string good = enrol()["token"];
    expectQuarantined(good, "wrong_wound", " --wound W2");
    expectQuarantined("c1.bad", "malformed");
    const auto listed = cliStdout("quarantine list --json --library " + lib());
    ASSERT_EQ(listed.exitCode, 0) << listed.output;
    const auto items = nlohmann::json::parse(listed.output);
    ASSERT_EQ(items.size(), 2u);
    const std::string first = std::to_string(items[0]["id"].get<int>());
    const std::string second = std::to_string(items[1]["id"].get<int>());
    EXPECT_EQ(items[0]["claimed_wound"], "W2");
    EXPECT_EQ(items[0]["reason"], "wrong_wound");

    EXPECT_EQ(cli("quarantine file --library " + lib() + " --item " + first +
                  " --patient P1 --wound W9 --as nurse")
                  .exitCode,
              1)
        << "no such wound";
    const auto filed = cli("quarantine file --library " + lib() + " --item " + first +
                           " --patient P1 --wound W2 --as nurse");
    ASSERT_EQ(filed.exitCode, 0) << filed.output;
    EXPECT_EQ(count("SELECT count(*) FROM photos p JOIN wounds w ON w.id = p.wound_id WHERE "
                    "p.source = 'patient' AND w.label = 'W2'"),
              1);
    EXPECT_EQ(count("SELECT count(*) FROM quarantine_items q JOIN photos p ON p.id = "
                    "q.filed_photo_id WHERE q.resolution = 'filed' AND q.resolved_by = 'nurse'"),
              1);
    EXPECT_EQ(cli("quarantine file --library " + lib() + " --item " + first +
                  " --patient P1 --wound W2 --as nurse")
                  .exitCode,
              1)
        << "filed once";
    ASSERT_EQ(
        cli("quarantine discard --library " + lib() + " --item " + second + " --as anna").exitCode,
        0);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'quarantine.discard' AND "
                    "actor = 'anna'"),
              1);
    EXPECT_TRUE(nlohmann::json::parse(cliStdout("quarantine list --json --library " + lib()).output)
                    .empty());
    const auto all =
        nlohmann::json::parse(cliStdout("quarantine list --all --json --library " + lib()).output);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1]["resolution"], "discarded");
}

}  // namespace
}  // namespace cicatrix::workstation
