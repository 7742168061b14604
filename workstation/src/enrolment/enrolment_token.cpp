// Token bytes: payload = version (1) | u16 patient length | patient | u16 wound length | wound |
// i64 expiry (big-endian) | 16-byte nonce; token = "c1." b64url(payload) "." b64url(signature).
// Thread-safe (libsodium is initialised once).
#include "workstation/enrolment/enrolment_token.hpp"

#include <sodium.h>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <chrono>
#include <ctime>
#include <optional>
#include <vector>

namespace cicatrix::workstation {

namespace {

constexpr std::uint8_t kPayloadVersion = 1;
constexpr std::string_view kTokenPrefix = "c1.";
constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kMaxFieldBytes = 256;  // an external id or wound label longer is refused
constexpr std::string_view kQrScheme = "cicatrix-enrol:?";

void ensureSodium() {
    static const int initialised = sodium_init();
    (void)initialised;
}

std::string toBase64Url(std::span<const std::uint8_t> bytes) {
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

std::optional<std::vector<std::uint8_t>> fromBase64Url(std::string_view text) {
    std::vector<std::uint8_t> out(text.size());  // more than enough
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

std::string toHex(std::span<const std::uint8_t> bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

std::optional<std::vector<std::uint8_t>> fromHex(std::string_view hex) {
    std::vector<std::uint8_t> out(hex.size() / 2);
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &length, &end) !=
            0 ||
        end != hex.data() + hex.size()) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

void putField(std::vector<std::uint8_t>& out, std::string_view field) {
    out.push_back(static_cast<std::uint8_t>(field.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(field.size() & 0xff));
    out.insert(out.end(), field.begin(), field.end());
}

std::vector<std::uint8_t> encodePayload(const TokenClaims& claims) {
    std::vector<std::uint8_t> out{kPayloadVersion};
    putField(out, claims.patientExternalId);
    putField(out, claims.woundLabel);
    const auto expiry = static_cast<std::uint64_t>(claims.expiresAt);
    for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>((expiry >> shift) & 0xff));
    }
    const auto nonce = fromHex(claims.nonce).value_or(std::vector<std::uint8_t>(kNonceBytes, 0));
    out.insert(out.end(), nonce.begin(), nonce.end());
    return out;
}

// A reader over the payload bytes that fails (nullopt) rather than reading past the end.
class PayloadReader {
  public:
    explicit PayloadReader(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}
    std::optional<std::span<const std::uint8_t>> take(std::size_t n) {
        if (m_bytes.size() - m_at < n) {
            return std::nullopt;
        }
        auto part = m_bytes.subspan(m_at, n);
        m_at += n;
        return part;
    }
    std::optional<std::string> field() {
        const auto length = take(2);
        if (!length) {
            return std::nullopt;
        }
        const std::size_t n = (std::size_t{(*length)[0]} << 8) | (*length)[1];
        const auto text = n > kMaxFieldBytes ? std::nullopt : take(n);
        if (!text || text->empty()) {
            return std::nullopt;
        }
        return std::string(text->begin(), text->end());
    }
    [[nodiscard]] bool done() const { return m_at == m_bytes.size(); }

  private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_at = 0;
};

std::unexpected<TokenFailure> malformed(std::string detail) {
    return std::unexpected(TokenFailure{TokenProblem::Malformed, std::move(detail)});
}

struct SplitToken {
    std::vector<std::uint8_t> payload;
    std::vector<std::uint8_t> signature;
    TokenClaims claims;
};

std::expected<SplitToken, TokenFailure> splitToken(std::string_view token) {
    if (!token.starts_with(kTokenPrefix)) {
        return malformed("the token is not a Cicatrix enrolment token");
    }
    const std::string_view rest = token.substr(kTokenPrefix.size());
    const std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) {
        return malformed("the token is incomplete (no signature)");
    }
    auto payload = fromBase64Url(rest.substr(0, dot));
    auto signature = fromBase64Url(rest.substr(dot + 1));
    if (!payload || !signature) {
        return malformed("the token is damaged (not base64url)");
    }
    if (signature->size() != crypto_sign_BYTES) {
        return malformed("the token's signature has the wrong length");
    }
    PayloadReader reader(*payload);
    const auto version = reader.take(1);
    if (!version || (*version)[0] != kPayloadVersion) {
        return malformed("the token's version is not one this workstation reads");
    }
    SplitToken out;
    auto patient = reader.field();
    auto wound = reader.field();
    const auto expiry = reader.take(8);
    const auto nonce = reader.take(kNonceBytes);
    if (!patient || !wound || !expiry || !nonce || !reader.done()) {
        return malformed("the token's content is damaged");
    }
    std::uint64_t expiresAt = 0;
    for (const std::uint8_t b : *expiry) {
        expiresAt = (expiresAt << 8) | b;
    }
    out.claims = TokenClaims{std::move(*patient), std::move(*wound),
                             static_cast<std::int64_t>(expiresAt), toHex(*nonce)};
    out.payload = std::move(*payload);
    out.signature = std::move(*signature);
    return out;
}

}  // namespace

std::string_view toString(TokenProblem problem) {
    switch (problem) {
        case TokenProblem::Malformed:
            return "malformed";
        case TokenProblem::Forged:
            return "forged";
        case TokenProblem::Expired:
            return "expired";
    }
    return "malformed";
}

TokenClaims newTokenClaims(std::string patientExternalId, std::string woundLabel,
                           std::int64_t expiresAt) {
    ensureSodium();
    std::array<std::uint8_t, kNonceBytes> nonce{};
    randombytes_buf(nonce.data(), nonce.size());
    return TokenClaims{std::move(patientExternalId), std::move(woundLabel), expiresAt,
                       toHex(nonce)};
}

std::string signToken(const TokenClaims& claims, const SiteKey& key) {
    ensureSodium();
    const std::vector<std::uint8_t> payload = encodePayload(claims);
    std::array<std::uint8_t, crypto_sign_BYTES> signature{};
    crypto_sign_detached(signature.data(), nullptr, payload.data(), payload.size(),
                         key.secretKey.data());
    return fmt::format("{}{}.{}", kTokenPrefix, toBase64Url(payload), toBase64Url(signature));
}

std::expected<TokenClaims, TokenFailure> readTokenClaims(std::string_view token) {
    ensureSodium();
    auto split = splitToken(token);
    if (!split) {
        return std::unexpected(split.error());
    }
    return std::move(split->claims);
}

std::expected<TokenClaims, TokenFailure> verifyToken(
    std::string_view token, std::span<const std::uint8_t, kSitePublicKeyBytes> publicKey,
    std::int64_t now) {
    ensureSodium();
    auto split = splitToken(token);
    if (!split) {
        return std::unexpected(split.error());
    }
    if (crypto_sign_verify_detached(split->signature.data(), split->payload.data(),
                                    split->payload.size(), publicKey.data()) != 0) {
        return std::unexpected(
            TokenFailure{TokenProblem::Forged,
                         "the token's signature is not this workstation's: it was altered or "
                         "made elsewhere"});
    }
    if (now >= split->claims.expiresAt) {
        return std::unexpected(TokenFailure{
            TokenProblem::Expired,
            fmt::format("the token expired on {}", unixToIsoUtc(split->claims.expiresAt))});
    }
    return std::move(split->claims);
}

std::string enrolmentQrPayload(std::string_view destination, std::string_view token) {
    std::string dest;
    for (const char c : destination) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' ||
            c == '/') {
            dest += c;
        } else {
            dest += fmt::format("%{:02X}", u);
        }
    }
    return fmt::format("{}dest={}&t={}", kQrScheme, dest, token);
}

std::string tokenFromQrPayload(std::string_view payload) {
    if (!payload.starts_with(kQrScheme)) {
        return {};
    }
    std::string_view query = payload.substr(kQrScheme.size());
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (pair.starts_with("t=")) {
            return std::string(pair.substr(2));
        }
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return {};
}

std::string unixToIsoUtc(std::int64_t seconds) {
    const auto t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::int64_t nowUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace cicatrix::workstation
