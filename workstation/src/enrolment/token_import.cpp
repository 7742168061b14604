// Filing or quarantining a photo that arrived with a token, and resolving quarantined photos.
// Thread-safe (the Library serialises writes).
#include "workstation/enrolment/token_import.hpp"

#include <SQLiteCpp/Exception.h>

#include <fmt/format.h>

#include "library/content_hash.hpp"
#include "library/image_probe.hpp"
#include "library/patient_repository.hpp"
#include "library/wound_repository.hpp"

namespace cicatrix::workstation {

namespace {

TokenImportResult rejectedResult(const ImportMetadata& metadata, std::string message) {
    TokenImportResult out;
    out.outcome = TokenImportOutcome::Rejected;
    out.report.file = metadata.originalName;
    out.report.outcome = ImportOutcome::Rejected;
    out.report.message = std::move(message);
    return out;
}

TokenImportResult quarantine(Library& library, const std::vector<std::uint8_t>& bytes,
                             const ImportMetadata& metadata, const TokenArrival& arrival,
                             const AdmissionRefusal& refusal) {
    const auto header = probeImage(bytes);
    if (!header) {
        return rejectedResult(metadata, header.error().message);
    }
    QuarantineItem item;
    item.sha256 = sha256Hex(bytes);
    if (auto stored = library.store().put(item.sha256, bytes); !stored) {
        return rejectedResult(metadata, stored.error().message);
    }
    item.originalName = metadata.originalName;
    item.mediaType = mediaType(header->format);
    item.byteSize = static_cast<std::int64_t>(bytes.size());
    item.photoSource = arrival.source;
    item.arrivedVia = arrival.via;
    item.sopInstanceUid = arrival.sopInstanceUid;
    item.token = arrival.claim.token;
    // What the photo claims: its own claim, else what the token (signed or not) says.
    const auto tokenClaims = readTokenClaims(arrival.claim.token);
    item.claimedPatient = arrival.claim.patientExternalId.value_or(
        tokenClaims ? tokenClaims->patientExternalId : std::string());
    item.claimedWound =
        arrival.claim.woundLabel.value_or(tokenClaims ? tokenClaims->woundLabel : std::string());
    if (metadata.capturedAt) {
        item.capturedAt = metadata.capturedAt->iso;
    } else if (metadata.fallbackCapturedAt) {
        item.capturedAt = metadata.fallbackCapturedAt->iso;
    }
    item.reason = std::string(toString(refusal.reason));
    item.detail = refusal.detail;
    auto id = library.withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        return EnrolmentRepository(db).addQuarantined(item, arrival.actor);
    });
    if (!id) {
        return rejectedResult(metadata, id.error().message);
    }
    TokenImportResult out;
    out.outcome = TokenImportOutcome::Quarantined;
    out.report.file = metadata.originalName;
    out.report.outcome = ImportOutcome::Rejected;
    out.report.message = refusal.detail;
    item.id = *id;
    out.quarantined = std::move(item);
    return out;
}

}  // namespace

EnrolmentLookup enrolmentLookupFor(Library& library) {
    return [&library](const std::string& nonce) {
        auto found =
            library.withReader([&](SQLite::Database& db) -> Result<std::optional<Enrolment>> {
                return EnrolmentRepository(db).findByNonce(nonce);
            });
        return found ? *found : std::nullopt;
    };
}

TokenImportResult importWithToken(Library& library, const SiteKey& key,
                                  std::vector<std::uint8_t> bytes, const ImportMetadata& metadata,
                                  const TokenArrival& arrival) {
    auto admission =
        decideAdmission(arrival.claim, key.publicKey, arrival.now, enrolmentLookupFor(library));
    if (!admission) {
        return quarantine(library, bytes, metadata, arrival, admission.error());
    }
    ImportTarget target;
    target.patientExternalId = admission->claims.patientExternalId;
    target.woundLabel = admission->claims.woundLabel;
    target.source = arrival.source;
    target.actor = arrival.actor;
    ImportReport report = PhotoImporter(library).importBytes(bytes, target, metadata);
    TokenImportResult out;
    out.outcome = report.outcome == ImportOutcome::Imported ? TokenImportOutcome::Filed
                  : report.outcome == ImportOutcome::AlreadyPresent
                      ? TokenImportOutcome::AlreadyPresent
                      : TokenImportOutcome::Rejected;
    out.report = std::move(report);
    return out;
}

Result<Photo> fileQuarantined(Library& library, std::int64_t itemId,
                              const std::string& patientExternalId, const std::string& woundLabel,
                              const std::string& user) {
    if (user.empty()) {
        return fail(ErrorCode::InvalidInput, "who files a quarantined photo must be named");
    }
    auto item = library.withReader([&](SQLite::Database& db) -> Result<QuarantineItem> {
        auto found = EnrolmentRepository(db).findQuarantined(itemId);
        if (!found) {
            return fail(ErrorCode::NotFound, fmt::format("no quarantined item {}", itemId));
        }
        if (found->resolution) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("quarantined item {} was already {} by {}", itemId,
                                    *found->resolution, found->resolvedBy.value_or("?")));
        }
        const auto patient = PatientRepository(db).findByExternalId(patientExternalId);
        if (!patient) {
            return fail(ErrorCode::NotFound, fmt::format("no patient {}", patientExternalId));
        }
        if (!WoundRepository(db).find(patient->id, woundLabel)) {
            return fail(ErrorCode::NotFound,
                        fmt::format("patient {} has no wound {}", patientExternalId, woundLabel));
        }
        return *found;
    });
    if (!item) {
        return std::unexpected(item.error());
    }
    auto bytes = library.store().read(item->sha256);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    ImportTarget target;
    target.patientExternalId = patientExternalId;
    target.woundLabel = woundLabel;
    target.source = item->photoSource;
    target.actor = user;
    ImportMetadata metadata;
    metadata.originalName = item->originalName;
    if (item->capturedAt) {
        metadata.fallbackCapturedAt =
            CaptureTime{*item->capturedAt, item->arrivedVia == ArrivalPath::Sync
                                               ? CaptureTimeSource::DicomApproximate
                                               : CaptureTimeSource::FileTime};
    }
    PhotoImporter importer(library);
    auto prepared = importer.prepareBytes(std::move(*bytes), target, metadata);
    if (!prepared) {
        return fail(ErrorCode::InvalidInput, prepared.error().message);
    }
    std::vector<PreparedPhoto> batch{std::move(*prepared)};
    // The resolution is written in the photo's own transaction: filed exactly once, or not at all.
    const auto reports =
        importer.commitPrepared(batch, [&](SQLite::Database& db, const Photo& photo, std::size_t) {
            if (auto marked = EnrolmentRepository(db).markFiled(itemId, photo.id, user); !marked) {
                throw SQLite::Exception(marked.error().message);
            }
        });
    const ImportReport& report = reports.front();
    if (report.outcome == ImportOutcome::Rejected || !report.photo) {
        return fail(ErrorCode::InvalidInput, report.message);
    }
    return *report.photo;
}

Result<void> discardQuarantined(Library& library, std::int64_t itemId, const std::string& user) {
    return library.withDatabase([&](SQLite::Database& db) -> Result<void> {
        return EnrolmentRepository(db).markDiscarded(itemId, user);
    });
}

}  // namespace cicatrix::workstation
