// Alignment runs as a job per slot (decode both photos, register); its result is dropped when
// the slot shows another pair by then. Homographies are row-major 3×3 arrays in the state.
#include "workstation/gui/compare_controller.hpp"

#include <fmt/format.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

#include "ml/photo_registration.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/gui/compare_geometry.hpp"
#include "workstation/gui/linked_views.hpp"

namespace cicatrix::workstation {

namespace {
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

std::optional<cv::Matx33d> planeOf(const AppState& state, std::int64_t photoId) {
    const Analysis* a = state.analysisOf(photoId);
    if (a == nullptr || !a->planeHomography)
        return std::nullopt;
    return toMatx(*a->planeHomography);
}
}  // namespace

CompareController::CompareController(Library& library, JobSystem& jobs, AppState& state,
                                     Notify notify)
    : m_library(library), m_jobs(jobs), m_state(state), m_notify(std::move(notify)) {}

void CompareController::apply(const compare_action::Action& action) {
    namespace act = compare_action;
    CompareUiState& c = m_state.compare;
    std::visit(Overloaded{
                   [&](const act::SetLayout& i) {
                       c.layout = i.layout;
                       c.focused = std::min(c.focused, c.slots() - 1);
                       fillDefaultSlots();
                   },
                   [&](const act::SetPhoto& i) {
                       if (i.slot >= kCompareSlots || m_state.findPhoto(i.photoId) == nullptr)
                           return;
                       c.photos[i.slot] = i.photoId;
                       m_state.viewports[kCompareFirstViewport + i.slot].view.fitMode = true;
                       if (i.slot == 0)
                           alignAll();
                       else
                           align(i.slot);
                   },
                   [&](const act::SetLinked& i) {
                       c.linked = i.linked;
                       if (c.linked)
                           viewChanged(kCompareFirstViewport + c.focused);
                   },
                   [&](const act::SetOverlay& i) { c.overlay = i.overlay; },
                   [&](const act::SetFade& i) { c.fade = std::clamp(i.fade, 0.0f, 1.0f); },
                   [&](const act::Align&) { alignAll(); },
                   [&](const act::Nudge& i) {
                       if (i.slot == 0 || i.slot >= kCompareSlots)
                           return;
                       SlotAlignment& a = c.alignment[i.slot];
                       a.nudge.x += i.delta.x;
                       a.nudge.y += i.delta.y;
                   },
                   [&](const act::ResetNudge& i) {
                       if (i.slot > 0 && i.slot < kCompareSlots)
                           c.alignment[i.slot].nudge = {};
                   },
                   [&](const act::Focus& i) { c.focused = std::min(i.slot, c.slots() - 1); },
                   [&](const act::FitAll&) {
                       for (std::size_t s = 0; s < kCompareSlots; ++s)
                           m_state.viewports[kCompareFirstViewport + s].view.fitMode = true;
                   },
                   [&](const act::ActualPixelsAll&) {
                       for (std::size_t s = 0; s < c.slots(); ++s) {
                           if (const Photo* p = photoIn(s)) {
                               m_state.viewports[kCompareFirstViewport + s].view =
                                   render::actualPixels({static_cast<double>(p->width),
                                                         static_cast<double>(p->height)});
                           }
                       }
                   },
               },
               action);
}

void CompareController::update() {
    CompareUiState& c = m_state.compare;
    if (!m_state.selectedWoundId || m_state.timeline.empty() ||
        m_state.timeline.front().woundId != *m_state.selectedWoundId)
        return;
    if (c.woundId == m_state.selectedWoundId)
        return;
    c.woundId = m_state.selectedWoundId;
    fillDefaultSlots();
}

void CompareController::fillDefaultSlots() {
    CompareUiState& c = m_state.compare;
    const auto& timeline = m_state.timeline;
    c.photos.fill(std::nullopt);
    c.alignment.fill(SlotAlignment{});
    if (timeline.empty())
        return;
    // Baseline vs latest; in 2×2 two visits in between, evenly spaced.
    const std::size_t n = timeline.size(), slots = c.slots();
    for (std::size_t s = 0; s < slots && s < n; ++s) {
        const std::size_t index =
            slots == 1 || n == 1 ? 0 : (s * (n - 1) + (slots - 1) / 2) / (slots - 1);
        c.photos[s] = timeline[std::min(index, n - 1)].id;
    }
    for (std::size_t s = 0; s < kCompareSlots; ++s)
        m_state.viewports[kCompareFirstViewport + s].view.fitMode = true;
    alignAll();
}

void CompareController::alignAll() {
    for (std::size_t s = 1; s < m_state.compare.slots(); ++s) align(s);
}

const Photo* CompareController::photoIn(std::size_t slot) const {
    const auto& id = m_state.compare.photos.at(slot);
    return id ? m_state.findPhoto(*id) : nullptr;
}

void CompareController::align(std::size_t slot) {
    CompareUiState& c = m_state.compare;
    const Photo* reference = photoIn(0);
    const Photo* photo = photoIn(slot);
    SlotAlignment& a = c.alignment[slot];
    a = SlotAlignment{};
    if (reference == nullptr || photo == nullptr)
        return;
    a.referenceId = reference->id;
    a.photoId = photo->id;
    if (reference->id == photo->id) {
        a.photoToReference = toHomography(cv::Matx33d::eye());
        a.quality = 1.0;
        a.method = "same photo";
        a.summary = "the reference photo itself";
        return;
    }
    a.running = true;
    ml::RegistrationInput input;
    input.earlierToPlane = planeOf(m_state, reference->id);
    input.laterToPlane = planeOf(m_state, photo->id);
    m_jobs.submit(
        fmt::format("Align photo {} onto {}", photo->id, reference->id),
        [this, slot, ref = *reference, later = *photo,
         input = std::move(input)](JobContext& job) mutable {
            job.onFailure([this, slot](const std::string& why) {
                SlotAlignment& failed = m_state.compare.alignment[slot];
                failed.running = false;
                failed.error = why.empty() ? std::string("the alignment failed") : why;
            });
            auto earlierPixels = loadStoredPhoto(m_library, ref);
            auto laterPixels = loadStoredPhoto(m_library, later);
            std::string error;
            std::optional<ml::Registration> result;
            if (!earlierPixels || !laterPixels) {
                error = (!earlierPixels ? earlierPixels.error() : laterPixels.error()).message;
            } else {
                input.earlier = std::move(*earlierPixels);
                input.later = std::move(*laterPixels);
                if (auto r = ml::registerPhotos(input))
                    result = std::move(*r);
                else
                    error = r.error().message;
            }
            m_jobs.post([this, slot, refId = ref.id, laterId = later.id, result = std::move(result),
                         error = std::move(error)] {
                SlotAlignment& done = m_state.compare.alignment[slot];
                if (done.referenceId != refId || done.photoId != laterId)
                    return;  // the slot shows another pair now
                done.running = false;
                if (!result) {
                    done.error = error.empty() ? std::string("no alignment found") : error;
                    done.method = "manual";
                    done.summary = done.error + " — nudge by hand";
                    return;
                }
                done.photoToReference = toHomography(result->laterToEarlier);
                done.quality = result->quality;
                done.method = ml::toString(result->method);
                done.summary = result->summary;
                if (m_state.compare.linked)
                    viewChanged(kCompareFirstViewport + m_state.compare.focused);
            });
        },
        JobKind::Interactive);
}

void CompareController::viewChanged(std::size_t viewport) {
    CompareUiState& c = m_state.compare;
    if (!c.linked || viewport < kCompareFirstViewport ||
        viewport >= kCompareFirstViewport + kCompareSlots)
        return;
    const std::size_t source = viewport - kCompareFirstViewport;
    const Photo* sourcePhoto = photoIn(source);
    if (sourcePhoto == nullptr)
        return;
    const render::ViewTransform& view = m_state.viewports[viewport].view;
    if (view.fitMode) {  // fitting follows each slot's own size
        for (std::size_t s = 0; s < kCompareSlots; ++s)
            m_state.viewports[kCompareFirstViewport + s].view.fitMode = true;
        return;
    }
    const cv::Matx33d sourceToRef = slotToReference(c, source);
    for (std::size_t s = 0; s < c.slots(); ++s) {
        const Photo* p = photoIn(s);
        if (s == source || p == nullptr)
            continue;
        // Slot s px -> source px: through the reference photo.
        const cv::Matx33d toSource = sourceToRef.inv() * slotToReference(c, s);
        m_state.viewports[kCompareFirstViewport + s].view = linkedView(
            view,
            {static_cast<double>(sourcePhoto->width), static_cast<double>(sourcePhoto->height)},
            {static_cast<double>(p->width), static_cast<double>(p->height)}, toSource);
    }
}

}  // namespace cicatrix::workstation
