// Inbox load and decisions run as jobs; their results come back through post() and change the
// state there. A stale inbox load (a newer one started) is dropped by its generation.
#include "workstation/gui/triage_controller.hpp"

#include <fmt/format.h>

#include "library/photo_repository.hpp"
#include "workstation/analysis/wound_alerts.hpp"
#include "workstation/app/clock.hpp"
#include "workstation/gui/browse_controller.hpp"

namespace cicatrix::workstation {

namespace {
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
}  // namespace

TriageController::TriageController(Library& library, JobSystem& jobs, AppState& state,
                                   BrowseController& browse, Notify notify,
                                   ml::AlertThresholds thresholds)
    : m_library(library),
      m_jobs(jobs),
      m_state(state),
      m_browse(browse),
      m_notify(std::move(notify)),
      m_thresholds(thresholds),
      m_quarantine(library, jobs, state, m_notify, [this] { load(keptPhotoId()); }) {}

std::optional<std::int64_t> TriageController::keptPhotoId() const {
    const auto* item = m_state.triage.current();
    return item ? std::optional(item->photo.id) : std::nullopt;
}

void TriageController::entered() {
    load(keptPhotoId());
    m_quarantine.load();
}

void TriageController::apply(const triage_action::Action& action) {
    namespace act = triage_action;
    TriageUiState& t = m_state.triage;
    std::visit(Overloaded{
                   [&](const act::Load&) { entered(); },
                   [&](const act::Select& i) { show(i.index); },
                   [&](const act::Step& i) {
                       if (t.items.empty())
                           return;
                       const auto last = static_cast<std::ptrdiff_t>(t.items.size()) - 1;
                       const auto next =
                           std::clamp(static_cast<std::ptrdiff_t>(t.selected) + i.delta,
                                      std::ptrdiff_t{0}, last);
                       show(static_cast<std::size_t>(next));
                   },
                   [&](const act::Pick& i) { t.picked = i.decision; },
                   [&](const act::Decide& i) { decide(i.decision, i.note); },
                   [&](const act::ShowQuarantine& i) {
                       t.quarantine.shown = i.shown;
                       if (i.shown) {
                           m_quarantine.select(t.quarantine.selected);
                       } else {
                           t.quarantine.photo.reset();
                           m_state.viewports[kTriageViewport].photoId.reset();
                           show(t.selected);
                       }
                   },
                   [&](const act::SelectQuarantined& i) { m_quarantine.select(i.index); },
                   [&](const act::FileQuarantined& i) { m_quarantine.file(i); },
                   [&](const act::DiscardQuarantined& i) { m_quarantine.discard(i.itemId); },
               },
               action);
}

void TriageController::load(std::optional<std::int64_t> keepPhotoId) {
    const std::uint64_t generation = ++m_generation;
    m_state.triage.loading = true;
    m_jobs.submit(
        "Triage inbox",
        [this, generation, keepPhotoId](JobContext&) {
            // The clock as the CLI reads it (CICATRIX_NOW or the system's).
            const auto now = nowUtcIso();
            auto items = now ? inboxWithFreshAlerts(m_library, *now, m_thresholds)
                             : Result<std::vector<InboxItem>>(std::unexpected(now.error()));
            m_jobs.post([this, generation, keepPhotoId, items = std::move(items)]() mutable {
                if (generation != m_generation)
                    return;
                TriageUiState& t = m_state.triage;
                t.loading = false;
                t.loaded = true;
                if (!items) {
                    m_notify("Triage inbox: " + items.error().message, true);
                    return;
                }
                t.items = std::move(*items);
                std::size_t index = 0;
                for (std::size_t i = 0; keepPhotoId && i < t.items.size(); ++i) {
                    if (t.items[i].photo.id == *keepPhotoId)
                        index = i;
                }
                if (t.items.empty()) {
                    t.selected = 0;
                    t.reference.reset();
                    t.history.clear();
                    m_state.viewports[kTriageViewport].photoId.reset();
                    m_state.viewports[kTriageReferenceViewport].photoId.reset();
                    return;
                }
                show(std::min(index, t.items.size() - 1));
            });
        },
        JobKind::Interactive);
}

void TriageController::show(std::size_t index) {
    TriageUiState& t = m_state.triage;
    if (index >= t.items.size())
        return;
    const bool sameItem = t.selected == index &&
                          m_state.viewports[kTriageViewport].photoId == t.items[index].photo.id;
    t.selected = index;
    const InboxItem& item = t.items[index];
    if (!sameItem)
        t.picked.reset();
    ViewportState& home = m_state.viewports[kTriageViewport];
    if (!t.quarantine.shown && home.photoId != item.photo.id) {  // else the quarantined photo
        home.photoId = item.photo.id;
        home.view.fitMode = true;
    }
    // The wound's timeline, analyses and trend load through the browse selection.
    if (m_state.selectedWoundId != item.woundId)
        m_browse.showWound(item.patientId, item.woundId);
    const std::int64_t woundId = item.woundId;
    const std::optional<std::int64_t> referenceId = item.lastReviewedPhotoId;
    m_jobs.submit(
        "Triage item",
        [this, woundId, referenceId](JobContext&) {
            struct Loaded {
                std::vector<TriageDecisionRecord> history;
                std::optional<Photo> reference;
            };
            auto loaded = m_library.withReader([&](SQLite::Database& db) -> Result<Loaded> {
                Loaded l;
                l.history = TriageRepository(db).decisionsForWound(woundId);
                if (referenceId)
                    l.reference = PhotoRepository(db).findById(*referenceId);
                return l;
            });
            m_jobs.post([this, woundId, loaded = std::move(loaded)]() mutable {
                TriageUiState& ui = m_state.triage;
                const InboxItem* current = ui.current();
                if (current == nullptr || current->woundId != woundId)
                    return;
                if (!loaded) {
                    m_notify("Triage: " + loaded.error().message, true);
                    return;
                }
                ui.history = std::move(loaded->history);
                ui.reference = std::move(loaded->reference);
                ViewportState& ref = m_state.viewports[kTriageReferenceViewport];
                const std::optional<std::int64_t> id =
                    ui.reference ? std::optional(ui.reference->id) : std::nullopt;
                if (ref.photoId != id) {
                    ref.photoId = id;
                    ref.view.fitMode = true;
                }
            });
        },
        JobKind::Interactive);
}

void TriageController::decide(TriageDecision decision, std::string note) {
    TriageUiState& t = m_state.triage;
    const InboxItem* item = t.current();
    if (item == nullptr || t.busy)
        return;
    if (m_state.annotate.user.empty()) {
        m_state.annotate.askUser = true;  // the name prompt; decide again once it is given
        m_notify("Give your name first: it is recorded with the decision", true);
        return;
    }
    t.busy = true;
    const std::int64_t photoId = item->photo.id;
    const std::string user = m_state.annotate.user;
    m_jobs.submit("Record triage decision",
                  [this, photoId, decision, note = std::move(note), user](JobContext& job) {
                      job.onFailure([this](const std::string&) { m_state.triage.busy = false; });
                      auto done = m_library.withDatabase([&](SQLite::Database& db) {
                          return TriageRepository(db).decide(photoId, decision, note, user);
                      });
                      m_jobs.post([this, done, photoId] {
                          TriageUiState& ui = m_state.triage;
                          ui.busy = false;
                          if (!done) {
                              m_notify("Decision not recorded: " + done.error().message, true);
                              return;
                          }
                          ++ui.decided;
                          ++ui.noteGeneration;
                          ui.picked.reset();
                          m_notify(fmt::format("{} — photo {} by {}", displayName(done->decision),
                                               photoId, done->decidedBy),
                                   false);
                          // The item left the inbox: reload and stay at the same rank (the next
                          // item).
                          const std::size_t rank = ui.selected;
                          std::optional<std::int64_t> next;
                          if (rank + 1 < ui.items.size())
                              next = ui.items[rank + 1].photo.id;
                          else if (rank > 0)
                              next = ui.items[rank - 1].photo.id;
                          load(next);
                      });
                  });
}

}  // namespace cicatrix::workstation
