// `cicatrix quarantine list|file|discard` (photos whose enrolment token did not hold) and the
// CLI11 declarations of `enrol` and `quarantine`.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "library/enrolment_repository.hpp"
#include "workstation/app/cli_enrol.hpp"
#include "workstation/app/cli_refusal.hpp"
#include "workstation/enrolment/token_import.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation {

namespace fs = std::filesystem;

namespace {

template <typename T>
nlohmann::json orNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const QuarantineItem& item) {
    return {{"id", item.id},
            {"original_name", item.originalName},
            {"sha256", item.sha256},
            {"media_type", item.mediaType},
            {"byte_size", item.byteSize},
            {"source", std::string(toString(item.photoSource))},
            {"arrived_via", std::string(toString(item.arrivedVia))},
            {"sop_instance_uid", orNull(item.sopInstanceUid)},
            {"claimed_patient", item.claimedPatient},
            {"claimed_wound", item.claimedWound},
            {"captured_at", orNull(item.capturedAt)},
            {"reason", item.reason},
            {"detail", item.detail},
            {"received_at", item.receivedAt},
            {"resolution", orNull(item.resolution)},
            {"resolved_by", orNull(item.resolvedBy)},
            {"resolved_at", orNull(item.resolvedAt)},
            {"filed_photo_id", orNull(item.filedPhotoId)}};
}

int runQuarantineList(const fs::path& libraryDir, bool all, bool json) {
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library) {
        return refuse("quarantine", library.error().message);
    }
    auto items =
        (*library)->withReader([&](SQLite::Database& db) -> Result<std::vector<QuarantineItem>> {
            return EnrolmentRepository(db).listQuarantine(all);
        });
    if (!items) {
        return refuse("quarantine", items.error().message);
    }
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const QuarantineItem& item : *items) {
            out.push_back(toJson(item));
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const QuarantineItem& item : *items) {
        std::cout << fmt::format(
            "{:>4}  {}  {}  {} (claims patient {}, wound {}): {}{}\n", item.id, item.receivedAt,
            item.reason, item.originalName, item.claimedPatient, item.claimedWound, item.detail,
            item.resolution
                ? fmt::format(" [{} by {}]", *item.resolution, item.resolvedBy.value_or("?"))
                : std::string());
    }
    std::cout << fmt::format("{} item(s){}\n", items->size(), all ? "" : " waiting");
    return 0;
}

int runQuarantineFile(const fs::path& libraryDir, std::int64_t item, const std::string& patient,
                      const std::string& wound, const std::string& user) {
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library) {
        return refuse("quarantine", library.error().message);
    }
    auto photo = fileQuarantined(**library, item, patient, wound, user);
    if (!photo) {
        return refuse("quarantine", photo.error().message);
    }
    std::cout << fmt::format("filed quarantined item {} -> photo {} (patient {}, wound {})\n", item,
                             photo->id, patient, wound);
    return 0;
}

int runQuarantineDiscard(const fs::path& libraryDir, std::int64_t item, const std::string& user) {
    auto library = Library::open(libraryDir, Library::OpenMode::MustExist);
    if (!library) {
        return refuse("quarantine", library.error().message);
    }
    if (auto r = discardQuarantined(**library, item, user); !r) {
        return refuse("quarantine", r.error().message);
    }
    std::cout << fmt::format("discarded quarantined item {}\n", item);
    return 0;
}

}  // namespace

EnrolmentCli::EnrolmentCli(CLI::App& app) {
    m_enrolCmd = app.add_subcommand(
        "enrol", "Enrol a wound for telemonitoring: a signed token, its QR code and a handout PDF");
    m_enrolCmd->add_option("--library", m_enrol.library, "Library folder")->required();
    m_enrolCmd->add_option("--patient", m_enrol.patient, "Patient id (as import uses it)");
    m_enrolCmd->add_option("--wound", m_enrol.wound, "Wound id within the patient");
    m_enrolCmd->add_option("--days", m_enrol.days, "Days the token is valid (default 30)")
        ->check(CLI::Range(1, 3650));
    m_enrolCmd->add_option("--out", m_enrol.out, "The handout PDF to write");
    m_enrolCmd->add_option("--qr-png", m_enrol.qrPng, "Also write the bare QR code (PNG)");
    m_enrolCmd->add_option("--revoke", m_enrol.revoke, "Revoke this token instead");
    m_enrolCmd->add_option("--as", m_enrol.user, "Who enrols or revokes (default: local-user)");
    m_enrolCmd->add_flag("--json", m_enrol.json, "Print one JSON document");

    auto* quarantine = app.add_subcommand(
        "quarantine", "Photos whose enrolment token did not hold: list, file or discard them");
    quarantine->require_subcommand(1);
    m_listCmd = quarantine->add_subcommand("list", "The quarantined photos waiting for a decision");
    m_listCmd->add_option("--library", m_library, "Library folder")->required();
    m_listCmd->add_flag("--all", m_all, "Also the ones already filed or discarded");
    m_listCmd->add_flag("--json", m_json, "Print one JSON document");
    m_fileCmd = quarantine->add_subcommand("file", "File a quarantined photo into a wound");
    m_fileCmd->add_option("--library", m_library, "Library folder")->required();
    m_fileCmd->add_option("--item", m_item, "Quarantine item id (as list prints it)")->required();
    m_fileCmd->add_option("--patient", m_patient, "Patient id")->required();
    m_fileCmd->add_option("--wound", m_wound, "Wound id within the patient")->required();
    m_fileCmd->add_option("--as", m_user, "Who files it")->required();
    m_discardCmd = quarantine->add_subcommand("discard", "Discard a quarantined photo");
    m_discardCmd->add_option("--library", m_library, "Library folder")->required();
    m_discardCmd->add_option("--item", m_item, "Quarantine item id")->required();
    m_discardCmd->add_option("--as", m_user, "Who discards it")->required();
}

std::optional<int> EnrolmentCli::runParsed() const {
    if (m_enrolCmd->parsed()) {
        return runEnrol(m_enrol);
    }
    if (m_listCmd->parsed()) {
        return runQuarantineList(m_library, m_all, m_json);
    }
    if (m_fileCmd->parsed()) {
        return runQuarantineFile(m_library, m_item, m_patient, m_wound, m_user);
    }
    if (m_discardCmd->parsed()) {
        return runQuarantineDiscard(m_library, m_item, m_user);
    }
    return std::nullopt;
}

}  // namespace cicatrix::workstation
