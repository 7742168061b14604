// The sync pull's token check, from the site key and the library's enrolments.
#include "workstation/enrolment/sync_token_admission.hpp"

#include "workstation/enrolment/enrolment_token.hpp"
#include "workstation/enrolment/photo_admission.hpp"
#include "workstation/enrolment/token_import.hpp"

namespace cicatrix::workstation {

sync::TokenAdmissionCheck syncTokenAdmission(Library& library, const SiteKey& key,
                                             UnixClock clock) {
    return [&library, publicKey = key.publicKey,
            clock = std::move(clock)](const sync::TokenClaim& claim)
               -> std::expected<sync::TokenDestination, sync::TokenRefusal> {
        const AdmissionClaim admissionClaim{claim.token, claim.claimedPatient, claim.claimedWound};
        auto admission =
            decideAdmission(admissionClaim, publicKey, clock(), enrolmentLookupFor(library));
        if (!admission) {
            return std::unexpected(sync::TokenRefusal{
                std::string(toString(admission.error().reason)), admission.error().detail});
        }
        return sync::TokenDestination{admission->claims.patientExternalId,
                                      admission->claims.woundLabel};
    };
}

Result<void> enableSyncTokenAdmission(sync::SyncOptions& options, Library& library) {
    auto key = loadOrCreateSiteKey(defaultSiteKeyPath());
    if (!key) {
        return std::unexpected(key.error());
    }
    options.admitToken = syncTokenAdmission(library, *key, nowUnixSeconds);
    return {};
}

}  // namespace cicatrix::workstation
