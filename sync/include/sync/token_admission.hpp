// Photos from home pulled by sync: a DICOM object may carry an enrolment token (the private
// attribute (0011,xx10) LT of the block "CICATRIX 1"; see the README's Telemonitoring section).
// The sync engine does not know how tokens are signed: the workstation gives it a check that
// says where such a photo is filed, or why it is refused. A refused photo goes to the library's
// quarantine (bytes in the store, a quarantine_items row), never into a patient's folder.
// The check is called from the pull's worker threads: it must be thread-safe.
#pragma once

#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace cicatrix::sync {

// What a pulled photo carries and claims: its token, its PatientID, its SeriesDescription.
struct TokenClaim {
    std::string token;
    std::string claimedPatient;
    std::optional<std::string> claimedWound;  // nullopt when the object names no wound
};

// Where an admitted photo is filed: the verified token's patient and wound.
struct TokenDestination {
    std::string patientExternalId;
    std::string woundLabel;
};

// Why a photo is refused: the quarantine's reason key and a sentence for the user.
struct TokenRefusal {
    std::string reason;
    std::string detail;
};

using TokenAdmissionCheck =
    std::function<std::expected<TokenDestination, TokenRefusal>(const TokenClaim&)>;

}  // namespace cicatrix::sync
