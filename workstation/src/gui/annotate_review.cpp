// Saving the label as a version and the review workflow, in jobs; the annotator is recorded on
// each action. After a save the journal of the old base is discarded and a new one starts.
#include <fmt/format.h>

#include "workstation/gui/annotate_controller.hpp"
#include "workstation/gui/annotate_opening.hpp"
#include "workstation/labels/label_store.hpp"

namespace cicatrix::workstation {

void AnnotateController::save(LabelStatus status, std::function<void(const LabelVersion&)> then) {
    AnnotateUiState& a = m_state.annotate;
    if (needUser() || !a.document || !m_session.isOpen() || a.busy || m_session.stroking())
        return;
    a.busy = true;
    const cv::Mat labels = m_session.labels().clone();
    const Photo photo = a.document->photo;
    NewLabelVersion version{
        photo.id,     a.document->base ? std::optional(a.document->base->id) : std::nullopt,
        status,       {},
        "manual",     std::nullopt,
        std::nullopt, a.user};
    const std::filesystem::path folder = m_session.journalFolder();
    const std::uint64_t generation = m_openGeneration;
    m_jobs.submit(
        "Save label", [this, labels, photo, version, folder, generation, then](JobContext& job) {
            job.onFailure([this](const std::string&) { m_state.annotate.busy = false; });
            auto stored = storeLabelVersion(m_library, labels, version);
            std::shared_ptr<std::optional<annotate::EditJournal>> journal =
                std::make_shared<std::optional<annotate::EditJournal>>();
            std::string key;
            if (stored) {
                key = journalKey(photo.id, stored->id);
                auto created =
                    annotate::EditJournal::create(folder, key, stored->labelsSha256, labels.size());
                if (created)
                    journal->emplace(std::move(*created));
            }
            m_jobs.post([this, stored, journal, key, generation, then] {
                AnnotateUiState& s = m_state.annotate;
                s.busy = false;
                if (!stored) {
                    m_notify("Label not saved: " + stored.error().message, true);
                    return;
                }
                if (generation == m_openGeneration && m_session.isOpen()) {
                    m_session.rebase(std::move(*journal), key);
                    if (s.document) {
                        s.document->base = *stored;
                        s.document->baseSource = describeVersion(*stored);
                    }
                    s.restoredNotice.clear();
                    publish();
                }
                m_notify(fmt::format("Label saved as {}", describeVersion(*stored)), false);
                if (then)
                    then(*stored);
                afterVersionChange(stored->photoId, *stored);
            });
        });
}

void AnnotateController::submit() {
    const AnnotateUiState& a = m_state.annotate;
    if (needUser() || !a.document || a.busy)
        return;
    const auto& base = a.document->base;
    const bool own = base && base->status == LabelStatus::InProgress && base->createdBy == a.user;
    if (!own || a.dirty) {
        save(LabelStatus::Submitted);  // a new version, submitted as it is stored
        return;
    }
    m_state.annotate.busy = true;
    const std::int64_t id = base->id, photoId = base->photoId;
    m_jobs.submit("Submit label", [this, id, photoId, user = a.user](JobContext& job) {
        job.onFailure([this](const std::string&) { m_state.annotate.busy = false; });
        auto done = m_library.withDatabase(
            [&](SQLite::Database& db) { return LabelRepository(db).submit(id, user); });
        m_jobs.post([this, done, photoId] {
            m_state.annotate.busy = false;
            if (!done) {
                m_notify("Not submitted: " + done.error().message, true);
                return;
            }
            m_notify("Label submitted for review: " + describeVersion(*done), false);
            afterVersionChange(photoId, *done);
        });
    });
}

void AnnotateController::review(bool approve, std::string comment) {
    AnnotateUiState& a = m_state.annotate;
    if (needUser() || !a.document || a.busy)
        return;
    const auto& versions = a.document->versions;
    if (versions.empty() || versions.back().status != LabelStatus::Submitted) {
        m_notify("There is no submitted label to review", true);
        return;
    }
    if (!approve && comment.empty()) {
        m_notify("Sending back needs a comment for the annotator", true);
        return;
    }
    a.busy = true;
    const std::int64_t id = versions.back().id, photoId = versions.back().photoId;
    m_jobs.submit("Review label", [this, id, photoId, approve, comment,
                                   user = a.user](JobContext& job) {
        job.onFailure([this](const std::string&) { m_state.annotate.busy = false; });
        auto done = m_library.withDatabase([&](SQLite::Database& db) {
            LabelRepository labels(db);
            return approve ? labels.approve(id, user) : labels.sendBack(id, user, comment);
        });
        m_jobs.post([this, done, photoId] {
            m_state.annotate.busy = false;
            if (!done) {
                m_notify("Review not recorded: " + done.error().message, true);
                return;
            }
            m_notify(fmt::format("Label {} by {}", describeVersion(*done), m_state.annotate.user),
                     false);
            afterVersionChange(photoId, std::nullopt);
        });
    });
}

void AnnotateController::afterVersionChange(std::int64_t photoId,
                                            std::optional<LabelVersion> base) {
    m_jobs.submit("Label versions", [this, photoId, base](JobContext&) {
        auto versions =
            m_library.withReader([&](SQLite::Database& db) -> Result<std::vector<LabelVersion>> {
                return LabelRepository(db).forPhoto(photoId);
            });
        m_jobs.post([this, photoId, base, versions] {
            auto& doc = m_state.annotate.document;
            if (versions && doc && doc->photo.id == photoId) {
                doc->versions = *versions;
                // The base keeps its id; its status may have moved on (submitted, approved).
                const std::int64_t baseId = base ? base->id : doc->base ? doc->base->id : 0;
                for (const LabelVersion& v : *versions) {
                    if (v.id == baseId) {
                        doc->base = v;
                        doc->baseSource = describeVersion(v);
                    }
                }
            }
            loadQueue();
        });
    });
}

}  // namespace cicatrix::workstation
