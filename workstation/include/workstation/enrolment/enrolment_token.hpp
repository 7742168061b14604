// Enrolment tokens: what a patient's QR code carries so that photos from home reach one wound's
// folder. A token is "c1.<payload>.<signature>", both parts base64url without padding (URL-safe);
// the payload holds a version byte, the patient's external id, the wound label, the expiry (unix
// seconds) and a 16-byte random nonce, with no name and no diagnosis; the signature is the site
// key's Ed25519 signature of the payload bytes. Thread-safe (pure functions, `now` injected).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "workstation/enrolment/site_key.hpp"

namespace cicatrix::workstation {

struct TokenClaims {
    std::string patientExternalId;
    std::string woundLabel;
    std::int64_t expiresAt = 0;  // unix seconds (UTC)
    std::string nonce;           // 32 lowercase hex digits
};

// Claims with a fresh random nonce.
[[nodiscard]] TokenClaims newTokenClaims(std::string patientExternalId, std::string woundLabel,
                                         std::int64_t expiresAt);
[[nodiscard]] std::string signToken(const TokenClaims& claims, const SiteKey& key);

enum class TokenProblem {
    Malformed,  // not a token of ours: bad shape, encoding, version or field
    Forged,     // well formed, but the signature is not the site key's of these bytes
    Expired,    // signed by us, but `now` is at or after its expiry
};
[[nodiscard]] std::string_view toString(TokenProblem problem);  // malformed | forged | expired

struct TokenFailure {
    TokenProblem problem = TokenProblem::Malformed;
    std::string detail;  // a sentence for the user
};

// The claims, read without checking the signature (to name what a refused token claims).
[[nodiscard]] std::expected<TokenClaims, TokenFailure> readTokenClaims(std::string_view token);
// The claims of a token signed by `publicKey` whose expiry is after `now` (unix seconds).
[[nodiscard]] std::expected<TokenClaims, TokenFailure> verifyToken(
    std::string_view token, std::span<const std::uint8_t, kSitePublicKeyBytes> publicKey,
    std::int64_t now);

// The QR code's text: "cicatrix-enrol:?dest=<destination>&t=<token>" (the token verbatim;
// destination percent-encoded: the sync server's DICOMweb URL, or "library").
[[nodiscard]] std::string enrolmentQrPayload(std::string_view destination, std::string_view token);
// The token of such a text, or empty when it is not one.
[[nodiscard]] std::string tokenFromQrPayload(std::string_view payload);

// Unix seconds <-> "YYYY-MM-DDTHH:MM:SSZ" (UTC).
[[nodiscard]] std::string unixToIsoUtc(std::int64_t seconds);
[[nodiscard]] std::int64_t nowUnixSeconds();

}  // namespace cicatrix::workstation
