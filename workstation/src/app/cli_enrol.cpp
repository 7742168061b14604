// `cicatrix enrol` and `cicatrix import --token`: the site key signs a token for a wound, the QR
// code and handout carry it; photos arriving with a token are filed or quarantined.
#include "workstation/app/cli_enrol.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/atomic_file.hpp"
#include "library/dates.hpp"
#include "library/enrolment_repository.hpp"
#include "library/patient_repository.hpp"
#include "library/sync_server_repository.hpp"
#include "library/wound_repository.hpp"
#include "workstation/app/cli_refusal.hpp"
#include "workstation/enrolment/qr_code.hpp"
#include "workstation/enrolment/site_key.hpp"
#include "workstation/enrolment/token_import.hpp"
#include "workstation/error.hpp"
#include "workstation/reports/enrolment_handout.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

struct EnrolTarget {
    Patient patient;
    Wound wound;
    std::string destination;  // the first sync server's URL, else "library"
};

Result<EnrolTarget> findTarget(Library& library, const EnrolCommand& command) {
    return library.withReader([&](SQLite::Database& db) -> Result<EnrolTarget> {
        EnrolTarget out;
        auto patient = PatientRepository(db).findByExternalId(command.patient);
        if (!patient) {
            return fail(ErrorCode::NotFound, fmt::format("no patient {}", command.patient));
        }
        auto wound = WoundRepository(db).find(patient->id, command.wound);
        if (!wound) {
            return fail(ErrorCode::NotFound,
                        fmt::format("patient {} has no wound {}", command.patient, command.wound));
        }
        out.patient = std::move(*patient);
        out.wound = std::move(*wound);
        const auto servers = SyncServerRepository(db).list();
        out.destination = servers.empty() ? "library" : servers.front().url;
        return out;
    });
}

std::string woundSite(const WoundDetails& details) {
    std::string site =
        details.anatomicalSite.empty() ? "site not recorded" : details.anatomicalSite;
    if (!details.laterality.empty() && details.laterality != "unspecified") {
        site = details.laterality + " " + site;
    }
    return site;
}

int runRevoke(const EnrolCommand& command) {
    auto library = Library::open(command.library, Library::OpenMode::MustExist);
    if (!library) {
        return refuse("enrol", library.error().message);
    }
    const auto claims = readTokenClaims(command.revoke);
    if (!claims) {
        return refuse("enrol", claims.error().detail);
    }
    const std::string user = command.user.empty() ? std::string(kLocalActor) : command.user;
    auto revoked = (*library)->withDatabase([&](SQLite::Database& db) -> Result<Enrolment> {
        EnrolmentRepository enrolments(db);
        auto found = enrolments.findByNonce(claims->nonce);
        if (!found || found->token != command.revoke) {
            return fail(ErrorCode::NotFound, "no enrolment of this library has this token");
        }
        if (auto r = enrolments.revoke(found->nonce, user, unixToIsoUtc(nowUnixSeconds())); !r) {
            return std::unexpected(r.error());
        }
        return *found;
    });
    if (!revoked) {
        return refuse("enrol", revoked.error().message);
    }
    if (command.json) {
        std::cout << nlohmann::json{{"revoked", true},
                                    {"enrolment_id", revoked->id},
                                    {"patient", claims->patientExternalId},
                                    {"wound", claims->woundLabel}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << fmt::format("revoked enrolment {} (patient {}, wound {})\n", revoked->id,
                                 claims->patientExternalId, claims->woundLabel);
    }
    return 0;
}

}  // namespace

int runEnrol(const EnrolCommand& command) {
    if (!command.revoke.empty()) {
        return runRevoke(command);
    }
    if (command.patient.empty() || command.wound.empty() || command.out.empty()) {
        return refuse("enrol", "--patient, --wound and --out are needed (or --revoke TOKEN)");
    }
    if (command.days < 1 || command.days > 3650) {
        return refuse("enrol", "--days must be between 1 and 3650");
    }
    auto library = Library::open(command.library, Library::OpenMode::MustExist);
    if (!library) {
        return refuse("enrol", library.error().message);
    }
    auto target = findTarget(**library, command);
    if (!target) {
        return refuse("enrol", target.error().message);
    }
    const fs::path keyFile = defaultSiteKeyPath();
    auto key = loadOrCreateSiteKey(keyFile);
    if (!key) {
        return refuse("enrol", key.error().message);
    }

    const std::int64_t now = nowUnixSeconds();
    const TokenClaims claims =
        newTokenClaims(command.patient, command.wound, now + command.days * kSecondsPerDay);
    const std::string token = signToken(claims, *key);
    const std::string payload = enrolmentQrPayload(target->destination, token);
    auto modules = encodeQrModules(payload);
    if (!modules) {
        return refuse("enrol", modules.error().message);
    }
    if (!command.qrPng.empty()) {
        if (auto written = writeQrPng(*modules, command.qrPng); !written) {
            return refuse("enrol", written.error().message);
        }
    }
    HandoutContent handout;
    handout.qrModules = *modules;
    handout.woundSite = woundSite(target->wound.details);
    handout.woundLabel = target->wound.label;
    handout.expiresOn = localIsoDateTime(static_cast<std::time_t>(claims.expiresAt)).substr(0, 10);
    handout.uploadHint = target->destination;
    if (auto written = writeEnrolmentHandout(handout, command.out); !written) {
        return refuse("enrol", written.error().message);
    }

    Enrolment enrolment;
    enrolment.nonce = claims.nonce;
    enrolment.patientId = target->patient.id;
    enrolment.woundId = target->wound.id;
    enrolment.token = token;
    enrolment.createdBy = command.user.empty() ? std::string(kLocalActor) : command.user;
    enrolment.createdAt = unixToIsoUtc(now);
    enrolment.expiresAt = unixToIsoUtc(claims.expiresAt);
    auto id = (*library)->withDatabase([&](SQLite::Database& db) -> Result<std::int64_t> {
        return EnrolmentRepository(db).create(enrolment);
    });
    if (!id) {
        std::error_code ec;
        fs::remove(command.out, ec);  // a handout whose token the library does not know
        return refuse("enrol", id.error().message);
    }
    if (command.json) {
        nlohmann::json out{{"token", token},
                           {"qr_payload", payload},
                           {"enrolment_id", *id},
                           {"nonce", claims.nonce},
                           {"patient", command.patient},
                           {"wound", command.wound},
                           {"wound_site", handout.woundSite},
                           {"destination", target->destination},
                           {"expires_at", enrolment.expiresAt},
                           {"expires_on", handout.expiresOn},
                           {"handout", command.out.string()}};
        if (!command.qrPng.empty()) {
            out["qr_png"] = command.qrPng.string();
        }
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << fmt::format("enrolment {} for patient {}, wound {} ({}), until {}\n", *id,
                                 command.patient, command.wound, handout.woundSite,
                                 enrolment.expiresAt);
        std::cout << fmt::format("handout: {}\ntoken: {}\n", command.out.string(), token);
    }
    std::cerr << fmt::format("signed with the site key {}\n", keyFile.string());
    return 0;
}

int runTokenImport(const TokenImportCommand& command) {
    PhotoSource source = PhotoSource::Patient;
    if (command.source) {
        const auto parsed = photoSourceFromString(*command.source);
        if (!parsed || (*parsed != PhotoSource::Patient && *parsed != PhotoSource::HomeNurse)) {
            return refuse("import",
                          "a photo with a token comes from the patient or a home nurse "
                          "(--source patient | home_nurse)");
        }
        source = *parsed;
    }
    auto library = Library::open(command.library, Library::OpenMode::MustExist);
    if (!library) {
        std::cerr << "cicatrix import: " << library.error().message << "\n";
        return 2;
    }
    auto key = loadOrCreateSiteKey(defaultSiteKeyPath());
    if (!key) {
        std::cerr << "cicatrix import: " << key.error().message << "\n";
        return 2;
    }
    TokenArrival arrival;
    arrival.claim = AdmissionClaim{command.token, command.patient, command.wound};
    arrival.source = source;
    arrival.via = ArrivalPath::Import;
    arrival.now = nowUnixSeconds();

    const auto files = expandImportPaths(command.paths);
    int imported = 0, present = 0, rejected = 0, quarantined = 0;
    for (const fs::path& file : files) {
        auto bytes = readFileBytes(file, ImageLimits{}.maxFileBytes);
        if (!bytes) {
            ++rejected;
            std::cout << fmt::format("rejected  {}: {}\n", file.string(), bytes.error().message);
            continue;
        }
        ImportMetadata metadata;
        metadata.originalName = file.filename().string();
        std::error_code ec;
        if (const auto mtime = fs::last_write_time(file, ec); !ec) {
            const auto sys = std::chrono::file_clock::to_sys(mtime);
            metadata.fallbackCapturedAt =
                CaptureTime{localIsoDateTime(std::chrono::system_clock::to_time_t(sys)),
                            CaptureTimeSource::FileTime};
        }
        const TokenImportResult r =
            importWithToken(**library, *key, std::move(*bytes), metadata, arrival);
        switch (r.outcome) {
            case TokenImportOutcome::Filed:
                ++imported;
                std::cout << fmt::format(
                    "imported  {} -> photo {} (captured {}, time from {}, {}x{})\n", file.string(),
                    r.report.photo->id, r.report.photo->capturedAt,
                    toString(r.report.photo->captureTimeSource), r.report.photo->width,
                    r.report.photo->height);
                break;
            case TokenImportOutcome::AlreadyPresent:
                ++present;
                std::cout << fmt::format("unchanged {}: {}\n", file.string(), r.report.message);
                break;
            case TokenImportOutcome::Quarantined:
                ++quarantined;
                std::cout << fmt::format("quarantined {}: {} (reason {}, quarantine item {})\n",
                                         file.string(), r.quarantined->detail,
                                         r.quarantined->reason, r.quarantined->id);
                break;
            case TokenImportOutcome::Rejected:
                ++rejected;
                std::cout << fmt::format("rejected  {}: {}\n", file.string(), r.report.message);
                break;
        }
    }
    std::cout << fmt::format("{} imported, {} already present, {} rejected, {} quarantined\n",
                             imported, present, rejected, quarantined);
    if (files.empty()) {
        std::cerr << "cicatrix import: no JPEG or PNG file found in the given paths\n";
        return 1;
    }
    return rejected + quarantined > 0 ? 1 : 0;
}

}  // namespace cicatrix::workstation
