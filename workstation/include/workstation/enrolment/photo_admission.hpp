// Whether a photo that arrived with an enrolment token may be filed: the signature must be the
// site key's, the token unexpired, its enrolment known to the library and not revoked, and the
// patient and wound the photo claims (if it claims any) those of the token. A refusal carries
// the quarantine's reason key and a sentence for the user. Thread-safe (pure; `now` injected).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "library/enrolment_repository.hpp"
#include "workstation/enrolment/enrolment_token.hpp"

namespace cicatrix::workstation {

enum class AdmissionReason {
    Forged,
    Expired,
    Revoked,
    WrongPatient,
    WrongWound,
    Malformed,
    UnknownEnrolment,
};
// The quarantine_items.reason key: forged | expired | revoked | wrong_patient | wrong_wound |
// malformed | unknown_enrolment.
[[nodiscard]] std::string_view toString(AdmissionReason reason);

struct AdmissionClaim {
    std::string token;
    std::optional<std::string> patientExternalId;  // what the photo claims besides its token
    std::optional<std::string> woundLabel;
};

struct AdmissionRefusal {
    AdmissionReason reason = AdmissionReason::Malformed;
    std::string detail;  // a sentence for the user
};

struct Admission {
    TokenClaims claims;                      // the verified token's: where the photo is filed
    cicatrix::library::Enrolment enrolment;  // its record in the library
};

// The library's enrolment with this nonce, if any.
using EnrolmentLookup =
    std::function<std::optional<cicatrix::library::Enrolment>(const std::string& nonce)>;

// Checks in this order: malformed, forged, expired, unknown enrolment, revoked, wrong patient,
// wrong wound.
[[nodiscard]] std::expected<Admission, AdmissionRefusal> decideAdmission(
    const AdmissionClaim& claim, std::span<const std::uint8_t, kSitePublicKeyBytes> publicKey,
    std::int64_t now, const EnrolmentLookup& lookup);

}  // namespace cicatrix::workstation
