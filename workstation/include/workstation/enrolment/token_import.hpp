// Photos that arrive with an enrolment token (`import --token`, or a DICOM object pulled by sync
// carrying one): filed into the token's wound when decideAdmission admits them, otherwise kept in
// the quarantine (bytes in the photo store, a quarantine_items row, never a photos row). And the
// user's resolution of a quarantined photo: filed into a wound, or discarded (both recorded).
// Thread-safe (the Library serialises writes); run it as a background job in the GUI.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "library/enrolment_repository.hpp"
#include "library/photo_importer.hpp"
#include "workstation/enrolment/photo_admission.hpp"

namespace cicatrix::workstation {

struct TokenArrival {
    AdmissionClaim claim;
    PhotoSource source = PhotoSource::Patient;  // patient | home_nurse
    ArrivalPath via = ArrivalPath::Import;
    std::optional<std::string> sopInstanceUid;  // for a photo pulled by sync
    std::string actor = kLocalActor;
    std::int64_t now = 0;  // unix seconds
};

enum class TokenImportOutcome { Filed, AlreadyPresent, Quarantined, Rejected };

struct TokenImportResult {
    TokenImportOutcome outcome = TokenImportOutcome::Rejected;
    ImportReport report;                        // Filed / AlreadyPresent / Rejected
    std::optional<QuarantineItem> quarantined;  // Quarantined: its row
};

// The library's enrolments, for decideAdmission (read through the reader pool).
[[nodiscard]] EnrolmentLookup enrolmentLookupFor(Library& library);

// Files the bytes into the token's wound, or quarantines them with the reason. Bytes that are not
// a JPEG/PNG image are Rejected with nothing stored.
[[nodiscard]] TokenImportResult importWithToken(Library& library, const SiteKey& key,
                                                std::vector<std::uint8_t> bytes,
                                                const ImportMetadata& metadata,
                                                const TokenArrival& arrival);

// Files an open quarantined item into an existing patient's existing wound (its bytes through the
// PhotoImporter, the resolution in the same transaction as the photo row). NotFound for an
// unknown item, patient or wound; InvalidInput when already resolved.
[[nodiscard]] Result<Photo> fileQuarantined(Library& library, std::int64_t itemId,
                                            const std::string& patientExternalId,
                                            const std::string& woundLabel, const std::string& user);
// Discards an open quarantined item (its bytes stay in the store until garbage collection).
[[nodiscard]] Result<void> discardQuarantined(Library& library, std::int64_t itemId,
                                              const std::string& user);

}  // namespace cicatrix::workstation
