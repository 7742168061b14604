// Queue and opening jobs, intent dispatch, and the edits themselves (main thread, on the map).
// The click tools are in annotate_tools.cpp, saving and review in annotate_review.cpp.
#include "workstation/gui/annotate_controller.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "workstation/gui/annotate_opening.hpp"

namespace cicatrix::workstation {

namespace act = annotate_action;
using Clock = std::chrono::steady_clock;

namespace {
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}
}  // namespace

AnnotateController::AnnotateController(Library& library, JobSystem& jobs, AppState& state,
                                       Notify notify)
    : m_library(library), m_jobs(jobs), m_state(state), m_notify(std::move(notify)) {}

AnnotateController::~AnnotateController() {
    m_session.close();  // the journal writes what is queued
}

bool AnnotateController::needUser() {
    if (!m_state.annotate.user.empty())
        return false;
    m_state.annotate.askUser = true;
    return true;
}

void AnnotateController::entered() {
    if (needUser())
        return;
    if (!m_state.annotate.queueLoaded && !m_state.annotate.queueLoading)
        loadQueue();
}

annotate::PaintOptions AnnotateController::paintOptions(bool erase) const {
    const AnnotateToolSettings& t = m_state.annotate.tools;
    return {t.classId, erase, t.protectOtherClasses, t.insideWoundOnly};
}

void AnnotateController::apply(const act::Action& action) {
    AnnotateUiState& a = m_state.annotate;
    std::visit(Overloaded{
                   [&](const act::SetUser& i) {
                       std::string name = i.name;
                       std::erase_if(name, [](char c) { return c == '\n' || c == '\r'; });
                       if (name.empty())
                           return;
                       a.user = name;
                       a.askUser = false;
                       m_jobs.submit("Record annotator", [this, name](JobContext&) {
                           (void)m_library.withDatabase([&](SQLite::Database& db) -> Result<void> {
                               LabelRepository(db).ensureUser(name);
                               return {};
                           });
                       });
                       entered();
                   },
                   [&](const act::AskUser&) { a.askUser = true; },
                   [&](const act::LoadQueue&) { loadQueue(); },
                   [&](const act::SetQueueFilter& i) {
                       a.filter = i.filter;
                       loadQueue();
                   },
                   [&](const act::OpenPhoto& i) { openPhoto(i.photoId); },
                   [&](const act::SetTools& i) {
                       a.tools = i.tools;
                       a.tools.brushRadius =
                           std::clamp(a.tools.brushRadius, annotate::kMinBrushRadius,
                                      annotate::kMaxBrushRadius);
                       a.tools.opacity = std::clamp(a.tools.opacity, 0.05f, 1.0f);
                   },
                   [&](const act::StrokeBegin&) { stroke(action); },
                   [&](const act::StrokeTo&) { stroke(action); },
                   [&](const act::StrokeEnd&) { stroke(action); },
                   [&](const act::GrabCutBox& i) { grabCut(i.box); },
                   [&](const act::Undo&) {
                       if (auto name = m_session.undo())
                           m_notify("Undone: " + *name, false);
                       publish();
                   },
                   [&](const act::Redo&) {
                       if (auto name = m_session.redo())
                           m_notify("Redone: " + *name, false);
                       publish();
                   },
                   [&](const act::Save&) { save(LabelStatus::InProgress); },
                   [&](const act::Submit&) { submit(); },
                   [&](const act::Approve&) { review(true, {}); },
                   [&](const act::SendBack& i) { review(false, i.comment); },
                   [&](const auto&) { edit(action); },
               },
               action);
}

void AnnotateController::loadQueue() {
    AnnotateUiState& a = m_state.annotate;
    a.queueLoading = true;
    QueueFilter filter;
    if (!a.filter.patient.empty())
        filter.patientExternalId = a.filter.patient;
    if (a.filter.status > 0)
        filter.status = static_cast<LabelStatus>(a.filter.status - 1);
    m_jobs.submit("Annotation queue", [this, filter](JobContext& job) {
        job.onFailure([this](const std::string&) { m_state.annotate.queueLoading = false; });
        auto items =
            m_library.withReader([&](SQLite::Database& db) -> Result<std::vector<QueueItem>> {
                return LabelRepository(db).queue(filter);
            });
        m_jobs.post([this, items = std::move(items)]() mutable {
            AnnotateUiState& s = m_state.annotate;
            s.queueLoading = false;
            s.queueLoaded = true;
            if (!items) {
                m_notify("Annotation queue: " + items.error().message, true);
                return;
            }
            s.queue = std::move(*items);
            if (!s.document && !s.opening && !s.queue.empty())
                openPhoto(s.queue.front().photoId);
        });
    });
}

void AnnotateController::openPhoto(std::int64_t photoId) {
    AnnotateUiState& a = m_state.annotate;
    if (needUser() || a.busy)
        return;
    if (a.document && a.document->photo.id == photoId && m_session.isOpen())
        return;
    m_session.close();
    a.document.reset();
    a.opening = true;
    a.restoredNotice.clear();
    a.superpixelsReady = false;
    publish();
    const std::uint64_t generation = ++m_openGeneration;
    m_jobs.submit(
        "Open label",
        [this, photoId, generation, user = a.user](JobContext& job) {
            job.onFailure([this, generation](const std::string&) {
                if (generation == m_openGeneration)
                    m_state.annotate.opening = false;
            });
            auto opened = std::make_shared<Result<OpenedAnnotation>>(
                openAnnotation(m_library, photoId, user));
            m_jobs.post([this, generation, opened] {
                if (generation != m_openGeneration)
                    return;  // another photo was asked for since
                AnnotateUiState& s = m_state.annotate;
                s.opening = false;
                if (!*opened) {
                    m_notify("Cannot open the label: " + opened->error().message, true);
                    return;
                }
                OpenedAnnotation& o = **opened;
                m_session.open(std::move(o.data));
                s.document = std::move(o.document);
                if (!o.notice.empty()) {
                    m_notify(o.notice, o.noticeIsError);
                    if (!o.noticeIsError)
                        s.restoredNotice = o.notice.substr(0, o.notice.find(')') + 1);
                }
                ViewportState& v = m_state.viewports.at(kAnnotateViewport);
                v.photoId = s.document->photo.id;
                v.view.fitMode = true;
                if (s.document->baseSource.starts_with("AI draft"))
                    loadQueue();  // the draft just recorded is the photo's latest version now
                publish();
                computeSuperpixels();
            });
        },
        JobPriority::High);
}

void AnnotateController::computeSuperpixels() {
    const cv::Mat photo = m_session.photo();  // shared, never written
    const std::uint64_t generation = m_openGeneration;
    m_jobs.submit("Superpixels", [this, photo, generation](JobContext&) {
        auto computed = annotate::Superpixels::compute(photo);
        if (!computed)
            return;
        auto shared = std::make_shared<const annotate::Superpixels>(std::move(*computed));
        m_jobs.post([this, shared, generation] {
            if (generation != m_openGeneration || !m_session.isOpen())
                return;
            m_session.setSuperpixels(shared);
            m_state.annotate.superpixelsReady = true;
        });
    });
}

void AnnotateController::stroke(const act::Action& action) {
    const AnnotateUiState& a = m_state.annotate;
    const bool editable = m_session.isOpen() && !a.busy && !a.tools.showAiDraft;
    const auto t0 = Clock::now();
    if (const auto* begin = std::get_if<act::StrokeBegin>(&action)) {
        if (!editable)
            return;
        m_strokeIntervalSum = m_strokeUpdateSum = 0;
        m_strokeIntervals = m_strokeUpdates = 0;
        m_lastStrokeFrame = t0;
        const cv::Point2f at(static_cast<float>(begin->at.x), static_cast<float>(begin->at.y));
        m_state.annotate.lastUploadPixels = m_session.beginStroke(
            at, a.tools.brushRadius, paintOptions(a.tools.tool == AnnotateTool::Eraser));
    } else if (const auto* to = std::get_if<act::StrokeTo>(&action)) {
        if (!m_session.stroking())
            return;
        if (m_lastStrokeFrame) {
            m_strokeIntervalSum +=
                std::chrono::duration<double, std::milli>(t0 - *m_lastStrokeFrame).count();
            ++m_strokeIntervals;
        }
        m_lastStrokeFrame = t0;
        m_state.annotate.lastUploadPixels = m_session.strokeTo(
            cv::Point2f(static_cast<float>(to->at.x), static_cast<float>(to->at.y)));
    } else {
        if (!m_session.stroking())
            return;
        m_session.endStroke(a.tools.tool == AnnotateTool::Eraser ? "Eraser" : "Brush");
        m_lastStrokeFrame.reset();
        AnnotateUiState& s = m_state.annotate;
        s.strokeFrames = m_strokeIntervals;
        s.strokeFrameMs = m_strokeIntervals > 0
                              ? m_strokeIntervalSum / static_cast<double>(m_strokeIntervals)
                              : 0;
        s.strokeUpdateMs =
            m_strokeUpdates > 0 ? m_strokeUpdateSum / static_cast<double>(m_strokeUpdates) : 0;
        publish();
        return;
    }
    m_strokeUpdateSum += msSince(t0);
    ++m_strokeUpdates;
}

void AnnotateController::publish() {
    AnnotateUiState& a = m_state.annotate;
    const annotate::UndoStack& undo = m_session.undoStack();
    a.undoDepth = undo.depth();
    a.redoCount = undo.redoCount();
    a.undoName = undo.undoName() ? std::optional<std::string>(*undo.undoName()) : std::nullopt;
    a.redoName = undo.redoName() ? std::optional<std::string>(*undo.redoName()) : std::nullopt;
    a.edits = m_session.edits();
    a.dirty = undo.depth() > 0;
    if (const std::size_t dropped = m_session.takeRedoDropped(); dropped > 0)
        m_notify(fmt::format("This edit discarded {} redo step{} (they cannot be redone).", dropped,
                             dropped == 1 ? "" : "s"),
                 false);
    a.classPixels.clear();
    if (m_session.isOpen()) {
        const auto& counts = m_session.classPixels();
        for (int id = 0; id < 256; ++id) {
            if (counts[static_cast<std::size_t>(id)] > 0)
                a.classPixels[id] = counts[static_cast<std::size_t>(id)];
        }
    }
}

}  // namespace cicatrix::workstation
