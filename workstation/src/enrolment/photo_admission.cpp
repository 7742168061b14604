// The admission rule for photos with an enrolment token (pure; the library is read through the
// injected lookup). Thread-safe.
#include "workstation/enrolment/photo_admission.hpp"

#include <fmt/format.h>

namespace cicatrix::workstation {

namespace {

std::unexpected<AdmissionRefusal> refuse(AdmissionReason reason, std::string detail) {
    return std::unexpected(AdmissionRefusal{reason, std::move(detail)});
}

AdmissionReason reasonOf(TokenProblem problem) {
    switch (problem) {
        case TokenProblem::Forged:
            return AdmissionReason::Forged;
        case TokenProblem::Expired:
            return AdmissionReason::Expired;
        case TokenProblem::Malformed:
            break;
    }
    return AdmissionReason::Malformed;
}

}  // namespace

std::string_view toString(AdmissionReason reason) {
    switch (reason) {
        case AdmissionReason::Forged:
            return "forged";
        case AdmissionReason::Expired:
            return "expired";
        case AdmissionReason::Revoked:
            return "revoked";
        case AdmissionReason::WrongPatient:
            return "wrong_patient";
        case AdmissionReason::WrongWound:
            return "wrong_wound";
        case AdmissionReason::Malformed:
            return "malformed";
        case AdmissionReason::UnknownEnrolment:
            return "unknown_enrolment";
    }
    return "malformed";
}

std::expected<Admission, AdmissionRefusal> decideAdmission(
    const AdmissionClaim& claim, std::span<const std::uint8_t, kSitePublicKeyBytes> publicKey,
    std::int64_t now, const EnrolmentLookup& lookup) {
    auto claims = verifyToken(claim.token, publicKey, now);
    if (!claims) {
        return refuse(reasonOf(claims.error().problem), claims.error().detail);
    }
    auto enrolment = lookup(claims->nonce);
    if (!enrolment || enrolment->token != claim.token) {
        return refuse(AdmissionReason::UnknownEnrolment,
                      "the token was signed by this workstation but its enrolment is not in this "
                      "library");
    }
    if (enrolment->revokedAt) {
        return refuse(AdmissionReason::Revoked,
                      fmt::format("the enrolment was revoked on {} by {}", *enrolment->revokedAt,
                                  enrolment->revokedBy.value_or("?")));
    }
    if (claim.patientExternalId && *claim.patientExternalId != claims->patientExternalId) {
        return refuse(AdmissionReason::WrongPatient,
                      fmt::format("the photo claims patient {} but the token is for patient {}",
                                  *claim.patientExternalId, claims->patientExternalId));
    }
    if (claim.woundLabel && *claim.woundLabel != claims->woundLabel) {
        return refuse(AdmissionReason::WrongWound,
                      fmt::format("the photo claims wound {} but the token is for wound {}",
                                  *claim.woundLabel, claims->woundLabel));
    }
    return Admission{std::move(*claims), std::move(*enrolment)};
}

}  // namespace cicatrix::workstation
