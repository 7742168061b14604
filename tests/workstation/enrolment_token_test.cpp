// Enrolment tokens, their QR code and the site key, without the binary: a token signed with the
// site key verifies until its expiry (injected clock) and survives a QR round trip (libqrencode
// PNG decoded by OpenCV's detector); altered, foreign-key, expired and malformed tokens are told
// apart; the admission rule refuses each bad case with its reason; the key file is owner-only.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <map>

#include <opencv2/imgcodecs.hpp>

#include "support/test_images.hpp"
#include "workstation/enrolment/photo_admission.hpp"
#include "workstation/enrolment/qr_code.hpp"
#include "workstation/enrolment/site_key.hpp"

#include "qr_decode.hpp"

namespace cicatrix::workstation {
namespace {

namespace fs = std::filesystem;

using test::decodeQr;

using test::TempDir;

constexpr std::int64_t kNow = 1'780'000'000;  // 2026-05-28
constexpr std::int64_t kExpiry = kNow + 14 * 86'400;

class Tokens : public ::testing::Test {
  protected:
    SiteKey m_key = generateSiteKey();
    TokenClaims m_claims = newTokenClaims("IPP-7", "heel-left", kExpiry);
    std::string m_token = signToken(m_claims, m_key);
};

TEST_F(Tokens, SignedTokenVerifiesUntilItsExpiry) {
    EXPECT_TRUE(m_token.starts_with("c1."));
    for (const char c : m_token) {
        EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
            << "not URL-safe: " << c;
    }
    EXPECT_EQ(m_token.find("IPP-7"), std::string::npos) << "no readable identifier";
    EXPECT_EQ(m_claims.nonce.size(), 32u);
    EXPECT_NE(newTokenClaims("IPP-7", "heel-left", kExpiry).nonce, m_claims.nonce);

    const auto ok = verifyToken(m_token, m_key.publicKey, kNow);
    ASSERT_TRUE(ok) << ok.error().detail;
    EXPECT_EQ(ok->patientExternalId, "IPP-7");
    EXPECT_EQ(ok->woundLabel, "heel-left");
    EXPECT_EQ(ok->expiresAt, kExpiry);
    EXPECT_EQ(ok->nonce, m_claims.nonce);
    EXPECT_TRUE(verifyToken(m_token, m_key.publicKey, kExpiry - 1));

    const auto expired = verifyToken(m_token, m_key.publicKey, kExpiry);
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().problem, TokenProblem::Expired);
    EXPECT_NE(expired.error().detail.find(unixToIsoUtc(kExpiry)), std::string::npos);
}

TEST_F(Tokens, AlteredOrForeignTokensAreForgedAndDamagedOnesMalformed) {
    // Another patient's payload under this token's signature.
    const std::string other = signToken(newTokenClaims("IPP-8", "heel-left", kExpiry), m_key);
    const std::string swapped =
        other.substr(0, other.rfind('.')) + m_token.substr(m_token.rfind('.'));
    const auto altered = verifyToken(swapped, m_key.publicKey, kNow);
    ASSERT_FALSE(altered);
    EXPECT_EQ(altered.error().problem, TokenProblem::Forged);
    // Properly shaped, signed with a key that is not the site's.
    const auto foreign = verifyToken(signToken(m_claims, generateSiteKey()), m_key.publicKey, kNow);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().problem, TokenProblem::Forged);

    for (const std::string& bad :
         {std::string(), std::string("hello"), std::string("c1."), std::string("c1.abc"),
          std::string("c1.!!!.???"), m_token.substr(0, m_token.size() - 4),
          "c2." + m_token.substr(3), m_token + "A",
          "c1.AQ." + m_token.substr(m_token.rfind('.') + 1)}) {
        const auto r = verifyToken(bad, m_key.publicKey, kNow);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().problem, TokenProblem::Malformed) << bad;
        EXPECT_FALSE(readTokenClaims(bad)) << bad;
    }
}

TEST_F(Tokens, QrPngRoundTripDecodesToAVerifiableToken) {
    const std::string payload = enrolmentQrPayload("https://pacs.example/dicom-web", m_token);
    EXPECT_NE(payload.find(m_token), std::string::npos) << "the token appears verbatim";
    auto modules = encodeQrModules(payload);
    ASSERT_TRUE(modules) << modules.error().message;
    TempDir dir;
    ASSERT_TRUE(writeQrPng(*modules, dir / "qr.png"));
    const cv::Mat png = cv::imread((dir / "qr.png").string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(png.empty());
    const int side = (modules->cols + 2 * kQrQuietModules) * kQrMinPixelsPerModule;
    EXPECT_EQ(png.cols, side);
    EXPECT_EQ(png.rows, side);
    // The quiet zone is light all round.
    const int quiet = kQrQuietModules * kQrMinPixelsPerModule;
    EXPECT_EQ(cv::countNonZero(png(cv::Rect(0, 0, side, quiet)) < 128), 0);
    EXPECT_EQ(cv::countNonZero(png(cv::Rect(0, 0, quiet, side)) < 128), 0);

    const std::string decoded = decodeQr(png);
    ASSERT_EQ(decoded, payload);
    const std::string token = tokenFromQrPayload(decoded);
    EXPECT_EQ(token, m_token);
    const auto claims = verifyToken(token, m_key.publicKey, kNow);
    ASSERT_TRUE(claims) << claims.error().detail;
    EXPECT_EQ(claims->woundLabel, "heel-left");
    EXPECT_EQ(tokenFromQrPayload("https://example.org/?t=" + m_token), "");
}

TEST_F(Tokens, AdmissionRefusesEachBadCaseWithItsReason) {
    std::map<std::string, cicatrix::library::Enrolment> enrolments;
    cicatrix::library::Enrolment e;
    e.nonce = m_claims.nonce;
    e.token = m_token;
    enrolments[e.nonce] = e;
    const auto revokedClaims = newTokenClaims("IPP-7", "heel-left", kExpiry);
    e.nonce = revokedClaims.nonce;
    e.token = signToken(revokedClaims, m_key);
    e.revokedAt = "2026-05-29T10:00:00Z";
    e.revokedBy = "nurse";
    enrolments[e.nonce] = e;
    const EnrolmentLookup lookup =
        [&](const std::string& nonce) -> std::optional<cicatrix::library::Enrolment> {
        const auto it = enrolments.find(nonce);
        return it == enrolments.end() ? std::nullopt : std::optional(it->second);
    };
    auto decide = [&](AdmissionClaim claim, std::int64_t now = kNow) {
        return decideAdmission(claim, m_key.publicKey, now, lookup);
    };

    const auto admitted = decide({m_token, "IPP-7", "heel-left"});
    ASSERT_TRUE(admitted) << admitted.error().detail;
    EXPECT_EQ(admitted->claims.patientExternalId, "IPP-7");
    EXPECT_TRUE(decide({m_token, std::nullopt, std::nullopt}));

    const std::map<std::string, AdmissionReason> cases{
        {"forged", decide({signToken(m_claims, generateSiteKey()), {}, {}}).error().reason},
        {"expired", decide({m_token, {}, {}}, kExpiry + 1).error().reason},
        {"revoked", decide({enrolments[revokedClaims.nonce].token, {}, {}}).error().reason},
        {"wrong_patient", decide({m_token, "IPP-8", "heel-left"}).error().reason},
        {"wrong_wound", decide({m_token, "IPP-7", "sacrum"}).error().reason},
        {"malformed", decide({"c1.nope", {}, {}}).error().reason},
        {"unknown_enrolment",
         decide({signToken(newTokenClaims("IPP-7", "heel-left", kExpiry), m_key), {}, {}})
             .error()
             .reason},
    };
    for (const auto& [key, reason] : cases) {
        EXPECT_EQ(toString(reason), key);
    }
}

TEST(SiteKeyFile, CreatedOwnerOnlyReusedAndRefusedWhenOthersMayReadIt) {
    TempDir dir;
    const fs::path file = dir / "config" / "cicatrix" / "site_ed25519.key";
    const auto created = loadOrCreateSiteKey(file);
    ASSERT_TRUE(created) << created.error().message;
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(fs::file_size(file), kSiteSecretKeyBytes);
    ASSERT_EQ(::stat(file.parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    // No temp file is left beside the key.
    EXPECT_EQ(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()),
              1);

    const auto again = loadOrCreateSiteKey(file);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->publicKey, created->publicKey);
    const std::string token = signToken(newTokenClaims("P", "W", kExpiry), *again);
    EXPECT_TRUE(verifyToken(token, created->publicKey, kNow));

    fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
    const auto refused = loadOrCreateSiteKey(file);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos)
        << refused.error().message;

    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    test::writeFile(file, {1, 2, 3});
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    const auto damaged = loadOrCreateSiteKey(file);
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().code, ErrorCode::Corrupt);
}

}  // namespace
}  // namespace cicatrix::workstation
