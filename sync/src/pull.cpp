// Pull: classify what the server holds against what the library knows (by SOP Instance UID),
// then retrieve the rest in batches — parallel requests over reused connections, at most a batch
// in memory — decode each DICOM object, prepare its photo (validated, hashed, stored) and commit
// the batch in one transaction that also records each photo's DICOM identity and the server's
// holding. A crash loses at most the batch in flight; its objects are recovered at the next open.
// A photo from home that carries an enrolment token is filed into the wound the token check
// names, or kept in the quarantine with the reason (recorded as ignored on the server's side).
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "library/content_hash.hpp"
#include "library/dates.hpp"
#include "library/enrolment_repository.hpp"
#include "library/image_probe.hpp"
#include "library/photo_importer.hpp"
#include "library/sync_state_repository.hpp"
#include "sync/dicom_photo.hpp"
#include "sync_session.hpp"

namespace cicatrix::sync {

namespace lib = cicatrix::library;

namespace {

bool isPhotoSopClass(std::string_view uid) {
    return uid.empty() || uid == kVlPhotographicImageStorage ||
           uid == kSecondaryCaptureImageStorage;
}

// "Family^Given^Middle" → "Family Given Middle"; empty components dropped.
std::string displayNameOf(const std::string& dicomName, const std::string& fallback) {
    std::string out;
    std::size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        const std::size_t end = dicomName.find('^', start);
        std::string part = dicomName.substr(start, end == std::string::npos ? end : end - start);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (!part.empty())
            out += (out.empty() ? "" : " ") + part;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out.empty() ? fallback : out;
}

std::string lateralityOf(const std::string& dicom) {
    return dicom == "L"   ? "left"
           : dicom == "R" ? "right"
           : dicom == "B" ? "bilateral"
                          : "unspecified";
}

// The wound a series maps to: its description; else its region and side; else the series itself.
std::string woundLabelOf(const DecodedDicomPhoto& d) {
    if (!d.seriesDescription.empty())
        return d.seriesDescription;
    if (!d.anatomicRegionMeaning.empty()) {
        const std::string side = lateralityOf(d.laterality);
        return side == "unspecified" ? d.anatomicRegionMeaning
                                     : d.anatomicRegionMeaning + " (" + side + ")";
    }
    return "Series " +
           d.uids.series.substr(d.uids.series.size() > 8 ? d.uids.series.size() - 8 : 0);
}

lib::ImportTarget targetFor(const DecodedDicomPhoto& d, const std::string& actor) {
    lib::ImportTarget t;
    t.patientExternalId = d.patient.id;
    t.patientDisplayName = displayNameOf(d.patient.name, d.patient.id);
    if (!d.patient.birthDate.empty())
        t.patientBirthDate = d.patient.birthDate;
    t.woundLabel = woundLabelOf(d);
    t.woundDetails.anatomicalSite = d.anatomicRegionMeaning;
    t.woundDetails.laterality = lateralityOf(d.laterality);
    t.source = lib::PhotoSource::Clinic;  // the hospital store's photos unless tagged otherwise
    t.actor = actor;
    return t;
}

lib::ImportMetadata metadataFor(const DecodedDicomPhoto& d, std::string_view receivedAt) {
    lib::ImportMetadata m;
    m.originalName = d.uids.sopInstance + (d.mediaType == "image/png" ? ".png" : ".jpg");
    if (d.captureTime) {
        m.capturedAt =
            lib::CaptureTime{d.captureTime->iso, d.captureTime->approximate()
                                                     ? lib::CaptureTimeSource::DicomApproximate
                                                     : lib::CaptureTimeSource::Dicom};
    } else {
        // No date in the object: the photo's EXIF date if any, else when it was received,
        // flagged like a file time ("not from the camera; check it").
        m.fallbackCapturedAt =
            lib::CaptureTime{std::string(receivedAt), lib::CaptureTimeSource::FileTime};
    }
    if (d.photoSource)
        m.source = lib::photoSourceFromString(*d.photoSource);
    return m;
}

// A photo from home (it carries an enrolment token): from the patient unless the object says a
// home nurse sent it.
lib::PhotoSource homeSourceOf(const DecodedDicomPhoto& d) {
    return d.photoSource == "home_nurse" ? lib::PhotoSource::HomeNurse : lib::PhotoSource::Patient;
}

// The quarantine row of a refused photo from home; its bytes go into the store first.
lib::Result<lib::QuarantineItem> quarantineItemFor(lib::Library& library,
                                                   const DecodedDicomPhoto& d,
                                                   const lib::ImportMetadata& metadata,
                                                   const TokenRefusal& refusal) {
    const auto header = lib::probeImage(d.imageBytes);
    if (!header)
        return std::unexpected(header.error());
    lib::QuarantineItem item;
    item.sha256 = lib::sha256Hex(d.imageBytes);
    if (auto stored = library.store().put(item.sha256, d.imageBytes); !stored)
        return std::unexpected(stored.error());
    item.originalName = metadata.originalName;
    item.mediaType = lib::mediaType(header->format);
    item.byteSize = static_cast<std::int64_t>(d.imageBytes.size());
    item.photoSource = homeSourceOf(d);
    item.arrivedVia = lib::ArrivalPath::Sync;
    item.sopInstanceUid = d.uids.sopInstance;
    item.token = *d.enrolmentToken;
    item.claimedPatient = d.patient.id;
    item.claimedWound = d.seriesDescription;
    if (metadata.capturedAt)
        item.capturedAt = metadata.capturedAt->iso;
    item.reason = refusal.reason;
    item.detail = refusal.detail;
    return item;
}

struct Pending {
    RemoteInstance remote;
    std::string sopClassUid;  // as the object says
    lib::PreparedPhoto prepared;
};

// What became of one retrieved instance: a photo prepared for the batch's commit, an instance to
// record as ignored (a permanent property of it), or a failure to report (tried again next time).
struct Outcome {
    std::optional<Pending> pending;
    bool ignore = false;
    std::string message;
    std::optional<lib::QuarantineItem> quarantined;  // a refused photo from home
};

Outcome problem(bool ignore, std::string message) {
    Outcome out;
    out.ignore = ignore;
    out.message = std::move(message);
    return out;
}

// Decodes, checks and prepares one instance (its bytes are stored). A photo that carries an
// enrolment token is filed where the token check says, or quarantined. Thread-safe.
Outcome processInstance(std::string body, const RemoteInstance& r, lib::Library& library,
                        lib::PhotoImporter& importer, const SyncOptions& options,
                        const std::string& receivedAt) {
    const std::string& actor = options.actor;
    const auto* data = reinterpret_cast<const std::uint8_t*>(body.data());
    auto decoded = decodeDicomPhoto({data, body.size()});
    std::string().swap(body);
    if (!decoded)
        return problem(true, decoded.error().message);
    if (decoded->uids.sopInstance != r.ref.sopInstanceUid ||
        decoded->uids.series != r.ref.seriesUid || decoded->uids.study != r.ref.studyUid)
        return problem(false, "the server sent another instance than asked");
    if (decoded->patient.id != r.patientId && !r.patientId.empty())
        return problem(true, "its PatientID differs from its study's");
    lib::ImportTarget target = targetFor(*decoded, actor);
    lib::ImportMetadata metadata = metadataFor(*decoded, receivedAt);
    if (decoded->enrolmentToken) {
        if (!options.admitToken)
            return problem(
                false, "carries an enrolment token and this sync cannot verify it (no site key)");
        const auto verdict =
            options.admitToken({*decoded->enrolmentToken, decoded->patient.id,
                                decoded->seriesDescription.empty()
                                    ? std::nullopt
                                    : std::optional<std::string>(decoded->seriesDescription)});
        if (!verdict) {
            auto item = quarantineItemFor(library, *decoded, metadata, verdict.error());
            if (!item)
                return problem(true, "refused by the library: " + item.error().message);
            Outcome out;
            out.quarantined = std::move(*item);
            out.message = verdict.error().detail;
            return out;
        }
        // Filed into the token's wound; the object's own names never rename the patient.
        target = lib::ImportTarget{};
        target.patientExternalId = verdict->patientExternalId;
        target.woundLabel = verdict->woundLabel;
        target.actor = actor;
        target.source = homeSourceOf(*decoded);
        metadata.source = target.source;
    }
    auto prepared = importer.prepareBytes(std::move(decoded->imageBytes), target, metadata);
    if (!prepared)
        return problem(true, "refused by the library: " + prepared.error().message);
    Outcome out;
    out.pending = Pending{r, decoded->sopClassUid, std::move(*prepared)};
    return out;
}

// Runs f(0..n-1) on as many threads as there are cores (decoding is CPU work).
template <typename F>
void forEachInParallel(std::size_t n, F&& f) {
    const std::size_t threads =
        std::min<std::size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++) f(i);
    };
    std::vector<std::jthread> workers;
    for (std::size_t t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
}

}  // namespace

SyncResult<void> pullInstances(SyncSession& s, const std::vector<RemoteInstance>& instances,
                               std::map<std::string, std::string>& failedPatients) {
    const std::int64_t serverId = s.server.id;
    auto recordIgnored = [&](const RemoteInstance& r, const std::string& why) {
        s.report.errors.push_back(fmt::format("{}: {}", r.ref.sopInstanceUid, why));
        ++s.report.ignored;
        return s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
            lib::SyncStateRepository(db).recordServerInstance(
                {serverId, r.ref.sopInstanceUid, r.ref.studyUid, r.ref.seriesUid, r.patientId,
                 std::nullopt, "ignored", why, std::nullopt});
            return {};
        });
    };

    // A refused photo from home: its quarantine row and the server's holding (not fetched again)
    // in one transaction.
    auto recordQuarantined = [&](const RemoteInstance& r, const lib::QuarantineItem& item,
                                 const std::string& why) {
        return s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
            SQLite::Transaction tx(db);
            const std::int64_t id =
                lib::EnrolmentRepository(db).addQuarantined(item, s.options.actor);
            lib::SyncStateRepository(db).recordServerInstance(
                {serverId, r.ref.sopInstanceUid, r.ref.studyUid, r.ref.seriesUid, r.patientId,
                 std::nullopt, "ignored",
                 fmt::format("quarantined (item {}, {}): {}", id, item.reason, why), std::nullopt});
            tx.commit();
            ++s.report.quarantined;
            s.report.errors.push_back(
                fmt::format("{}: quarantined ({}): {}", r.ref.sopInstanceUid, item.reason, why));
            return {};
        });
    };

    // 1. What needs fetching (on a reader: the library stays usable meanwhile).
    std::vector<RemoteInstance> toFetch;
    std::vector<std::pair<RemoteInstance, std::int64_t>> knownLocally;  // server row missing
    auto classified = s.library.withReader([&](SQLite::Database& db) -> lib::Result<void> {
        lib::SyncStateRepository repo(db);
        std::set<std::string> seen;
        for (const RemoteInstance& r : instances) {
            if (!seen.insert(r.ref.sopInstanceUid).second)
                continue;
            if (repo.serverKnows(serverId, r.ref.sopInstanceUid)) {
                ++s.report.alreadyPresent;
            } else if (auto photo = repo.photoForSop(r.ref.sopInstanceUid)) {
                knownLocally.emplace_back(r, *photo);
            } else {
                toFetch.push_back(r);
            }
        }
        return {};
    });
    if (!classified)
        return syncFail(SyncErrorCode::Library, classified.error().message);
    if (!knownLocally.empty()) {
        auto linked = s.library.withDatabase([&](SQLite::Database& db) -> lib::Result<void> {
            SQLite::Transaction tx(db);
            lib::SyncStateRepository repo(db);
            for (const auto& [r, photoId] : knownLocally) {
                repo.recordServerInstance({serverId, r.ref.sopInstanceUid, r.ref.studyUid,
                                           r.ref.seriesUid, r.patientId, photoId, "synced", "",
                                           std::nullopt});
            }
            tx.commit();
            return {};
        });
        if (!linked)
            return syncFail(SyncErrorCode::Library, linked.error().message);
        s.report.alreadyPresent += knownLocally.size();
    }

    // 2. Other SOP classes are recorded as ignored without being fetched.
    std::erase_if(toFetch, [&](const RemoteInstance& r) {
        if (isPhotoSopClass(r.sopClassUid))
            return false;
        (void)recordIgnored(r, "not a photo (SOP class " + r.sopClassUid + ")");
        return true;
    });

    // 3. Fetch, decode, prepare and commit, a batch at a time. The next batch downloads (on its
    // own connection) while this one is decoded, validated and stored on several threads.
    lib::PhotoImporter importer(s.library);
    const std::string receivedAt = lib::localIsoDateTime(std::time(nullptr));
    const std::size_t batchSize = static_cast<std::size_t>(std::max(1, s.options.batchSize));
    HttpClient prefetchClient(s.client.options());
    auto fetch = [&](std::size_t first) {
        std::vector<InstanceRef> refs;
        for (std::size_t i = first; i < std::min(toFetch.size(), first + batchSize); ++i)
            refs.push_back(toFetch[i].ref);
        return std::async(std::launch::async, [&, refs = std::move(refs)] {
            return retrieveInstances(prefetchClient, s.root, refs, s.options.parallel, s.stop);
        });
    };
    s.reportProgress(SyncProgress::Phase::Pulling, 0, toFetch.size());
    auto next = toFetch.empty() ? std::future<std::vector<SyncResult<std::string>>>() : fetch(0);
    for (std::size_t first = 0; first < toFetch.size(); first += batchSize) {
        auto bodies = next.get();
        if (s.stop.stop_requested())
            return syncFail(SyncErrorCode::Cancelled, "sync stopped");
        const std::size_t last = std::min(toFetch.size(), first + batchSize);
        // The server is gone: what arrived is still committed below, so no object is left
        // unreferenced in this process; then the sync stops, resumed next time.
        std::optional<SyncError> stopped;
        std::vector<std::size_t> arrived;  // indexes into bodies
        for (std::size_t k = 0; k < bodies.size(); ++k) {
            const RemoteInstance& r = toFetch[first + k];
            if (!bodies[k] && bodies[k].error().retryable() && !stopped) {
                bodies[k] =
                    s.retrying([&] { return retrieveInstance(s.client, s.root, r.ref, s.stop); });
            }
            if (bodies[k]) {
                s.report.bytesReceived += bodies[k]->size();
                arrived.push_back(k);
                continue;
            }
            const SyncError& e = bodies[k].error();
            if (e.retryable() || e.code == SyncErrorCode::Cancelled ||
                e.code == SyncErrorCode::Unauthorized) {
                if (!stopped)
                    stopped = e;
                continue;
            }
            failedPatients[r.patientId] = e.message;
            s.report.errors.push_back(r.ref.sopInstanceUid + ": " + e.message);
        }
        if (!stopped && last < toFetch.size())
            next = fetch(last);
        std::vector<Outcome> outcomes(arrived.size());
        forEachInParallel(arrived.size(), [&](std::size_t a) {
            const std::size_t k = arrived[a];
            outcomes[a] = processInstance(std::move(*bodies[k]), toFetch[first + k], s.library,
                                          importer, s.options, receivedAt);
        });
        std::vector<Pending> batch;
        for (std::size_t a = 0; a < arrived.size(); ++a) {
            const RemoteInstance& r = toFetch[first + arrived[a]];
            Outcome& o = outcomes[a];
            if (o.pending) {
                batch.push_back(std::move(*o.pending));
            } else if (o.quarantined) {
                if (auto kept = recordQuarantined(r, *o.quarantined, o.message); !kept) {
                    failedPatients[r.patientId] = kept.error().message;
                    s.report.errors.push_back(r.ref.sopInstanceUid + ": " + kept.error().message);
                }
            } else if (o.ignore) {
                (void)recordIgnored(r, o.message);
            } else {
                failedPatients[r.patientId] = o.message;
                s.report.errors.push_back(r.ref.sopInstanceUid + ": " + o.message);
            }
        }
        std::vector<lib::PreparedPhoto> photos;
        for (Pending& p : batch) photos.push_back(std::move(p.prepared));
        auto reports = importer.commitPrepared(
            photos, [&](SQLite::Database& db, const lib::Photo& photo, std::size_t i) {
                const RemoteInstance& r = batch[i].remote;
                lib::SyncStateRepository repo(db);
                repo.addPhotoInstance({r.ref.sopInstanceUid, photo.id, r.ref.studyUid,
                                       r.ref.seriesUid, batch[i].sopClassUid, "pulled"});
                repo.recordServerInstance({serverId, r.ref.sopInstanceUid, r.ref.studyUid,
                                           r.ref.seriesUid, r.patientId, photo.id, "synced", "",
                                           std::nullopt});
            });
        for (std::size_t i = 0; i < reports.size(); ++i) {
            switch (reports[i].outcome) {
                case lib::ImportOutcome::Imported:
                    ++s.report.pulled;
                    break;
                case lib::ImportOutcome::AlreadyPresent:
                    ++s.report.linked;
                    break;
                case lib::ImportOutcome::Rejected:
                    return syncFail(SyncErrorCode::Library, reports[i].message);
            }
        }
        if (stopped)
            return std::unexpected(*stopped);
        s.reportProgress(SyncProgress::Phase::Pulling, last, toFetch.size());
    }
    return {};
}

}  // namespace cicatrix::sync
