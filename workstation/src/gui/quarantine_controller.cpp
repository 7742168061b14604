// Quarantine load and resolutions run as jobs; their results come back through post(). A stale
// load (a newer one started) is dropped by its generation. The photo shown is probed in the
// load job (its size and orientation: the viewer needs them, the quarantine row does not keep
// them).
#include "workstation/gui/quarantine_controller.hpp"

#include <fmt/format.h>

#include "library/exif_reader.hpp"
#include "library/image_probe.hpp"
#include "workstation/enrolment/token_import.hpp"

namespace cicatrix::workstation {

namespace {

// The photo's upright size and orientation from its stored bytes (zero size when unreadable:
// the viewer then says why).
void probeStored(Library& library, Photo& photo) {
    auto bytes = library.store().read(photo.sha256);
    if (!bytes)
        return;
    const auto header = probeImage(*bytes);
    if (!header)
        return;
    if (header->format == ImageFormat::Jpeg) {
        const int orientation = readExif(*bytes).orientation;
        photo.exifOrientation = orientation;
    }
    const bool swapped = photo.exifOrientation >= 5 && photo.exifOrientation <= 8;
    photo.width = swapped ? header->height : header->width;
    photo.height = swapped ? header->width : header->height;
}

}  // namespace

Photo quarantinedPhoto(const QuarantineItem& item) {
    Photo photo;
    photo.id = -item.id;
    photo.sha256 = item.sha256;
    photo.mediaType = item.mediaType;
    photo.byteSize = item.byteSize;
    photo.originalName = item.originalName;
    photo.source = item.photoSource;
    photo.capturedAt = item.capturedAt.value_or(item.receivedAt);
    return photo;
}

QuarantineController::QuarantineController(Library& library, JobSystem& jobs, AppState& state,
                                           Notify notify, std::function<void()> resolved)
    : m_library(library),
      m_jobs(jobs),
      m_state(state),
      m_notify(std::move(notify)),
      m_resolved(std::move(resolved)) {}

void QuarantineController::load() {
    const std::uint64_t generation = ++m_generation;
    m_jobs.submit(
        "Quarantine",
        [this, generation](JobContext&) {
            auto items = m_library.withReader(
                [](SQLite::Database& db) -> Result<std::vector<QuarantineItem>> {
                    return EnrolmentRepository(db).listQuarantine(false);
                });
            m_jobs.post([this, generation, items = std::move(items)]() mutable {
                if (generation != m_generation)
                    return;
                QuarantineUiState& q = m_state.triage.quarantine;
                q.loaded = true;
                if (!items) {
                    m_notify("Quarantine: " + items.error().message, true);
                    return;
                }
                const std::int64_t kept = q.current() ? q.current()->id : 0;
                q.items = std::move(*items);
                std::size_t index = std::min(q.selected, q.items.empty() ? 0 : q.items.size() - 1);
                for (std::size_t i = 0; i < q.items.size(); ++i) {
                    if (q.items[i].id == kept)
                        index = i;
                }
                select(index);
            });
        },
        JobKind::Interactive);
}

void QuarantineController::select(std::size_t index) {
    QuarantineUiState& q = m_state.triage.quarantine;
    q.selected = index;
    if (!q.shown)
        return;
    ViewportState& home = m_state.viewports[kTriageViewport];
    const QuarantineItem* item = q.current();
    if (item == nullptr) {
        home.photoId.reset();
        m_state.triage.quarantine.photo.reset();
        return;
    }
    if (home.photoId == -item->id && m_state.triage.quarantine.photo)
        return;
    home.photoId = -item->id;
    home.view.fitMode = true;
    m_state.triage.quarantine.photo.reset();
    m_jobs.submit(
        "Quarantined photo",
        [this, photo = quarantinedPhoto(*item)](JobContext&) mutable {
            probeStored(m_library, photo);
            m_jobs.post([this, photo = std::move(photo)]() mutable {
                if (m_state.viewports[kTriageViewport].photoId == photo.id)
                    m_state.triage.quarantine.photo = std::move(photo);
            });
        },
        JobKind::Interactive);
}

void QuarantineController::file(const triage_action::FileQuarantined& request) {
    resolve("File quarantined photo",
            [this, request](const std::string& user) -> Result<std::string> {
                auto photo = fileQuarantined(m_library, request.itemId, request.patientExternalId,
                                             request.woundLabel, user);
                if (!photo)
                    return std::unexpected(photo.error());
                return fmt::format("Quarantined photo filed into {} / {} as photo {} by {}",
                                   request.patientExternalId, request.woundLabel, photo->id, user);
            });
}

void QuarantineController::discard(std::int64_t itemId) {
    resolve("Discard quarantined photo",
            [this, itemId](const std::string& user) -> Result<std::string> {
                if (auto done = discardQuarantined(m_library, itemId, user); !done)
                    return std::unexpected(done.error());
                return fmt::format("Quarantined item {} discarded by {}", itemId, user);
            });
}

void QuarantineController::resolve(std::string jobName,
                                   std::function<Result<std::string>(const std::string&)> run) {
    QuarantineUiState& q = m_state.triage.quarantine;
    if (q.busy)
        return;
    if (m_state.annotate.user.empty()) {
        m_state.annotate.askUser = true;  // the name prompt; try again once it is given
        m_notify("Give your name first: it is recorded with the quarantine's resolution", true);
        return;
    }
    q.busy = true;
    m_jobs.submit(std::move(jobName), [this, run = std::move(run),
                                       user = m_state.annotate.user](JobContext& job) {
        job.onFailure([this](const std::string&) { m_state.triage.quarantine.busy = false; });
        auto done = run(user);
        m_jobs.post([this, done = std::move(done)] {
            QuarantineUiState& ui = m_state.triage.quarantine;
            ui.busy = false;
            if (!done) {
                m_notify("Not done: " + done.error().message, true);
                return;
            }
            ++ui.resolved;
            m_notify(*done, false);
            load();
            m_resolved();  // a filed photo from home joins the inbox
        });
    });
}

}  // namespace cicatrix::workstation
