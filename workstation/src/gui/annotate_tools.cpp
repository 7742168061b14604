// The click-and-box tools and the whole-mask clean-ups of the AnnotateController: each edit is
// made on the session's map on the main thread (GrabCut on a copy in a job) and committed.
#include "annotate/flood_fill.hpp"
#include "annotate/grabcut_refine.hpp"
#include "annotate/mask_cleanup.hpp"
#include "annotate/polygon_tools.hpp"
#include "workstation/gui/annotate_controller.hpp"

namespace cicatrix::workstation {

namespace act = annotate_action;

namespace {
constexpr int kMinIslandPx = 100;
constexpr int kSmoothRadius = 2;
}  // namespace

void AnnotateController::edit(const act::Action& action) {
    const AnnotateUiState& a = m_state.annotate;
    if (!m_session.isOpen() || a.busy || a.tools.showAiDraft)
        return;
    cv::Mat& labels = m_session.labels();
    const bool cut = a.tools.tool == AnnotateTool::PolygonCut;
    annotate::LabelEdit result;
    if (const auto* p = std::get_if<act::Polygon>(&action)) {
        result = cut ? annotate::polygonCut(labels, p->points, paintOptions(true))
                     : annotate::polygonFill(labels, p->points, paintOptions(false));
        result.name = cut ? "Polygon cut" : "Polygon fill";
    } else if (const auto* f = std::get_if<act::FloodAt>(&action)) {
        result = annotate::floodFill(labels, m_session.photo(), f->at, a.tools.floodTolerance,
                                     paintOptions(false));
        result.name = "Flood fill";
    } else if (const auto* s = std::get_if<act::SuperpixelAt>(&action)) {
        if (m_session.superpixels() == nullptr) {
            m_notify("Superpixels are still being computed", false);
            return;
        }
        result = m_session.superpixels()->paint(labels, s->at, paintOptions(false));
        result.name = "Superpixel";
    } else if (const auto* c = std::get_if<act::Cleanup>(&action)) {
        const auto classId = annotate::isWoundClass(a.tools.classId)
                                 ? std::optional<std::uint8_t>(a.tools.classId)
                                 : std::nullopt;
        switch (c->kind) {
            case act::CleanupKind::FillHoles:
                result = annotate::fillHoles(labels, classId);
                result.name = "Fill holes";
                break;
            case act::CleanupKind::RemoveIslands:
                result = annotate::removeSmallIslands(labels, kMinIslandPx);
                result.name = "Remove islands";
                break;
            case act::CleanupKind::Smooth:
                result = annotate::smoothEdges(labels, kSmoothRadius);
                result.name = "Smooth edges";
                break;
        }
    } else {
        return;
    }
    if (result.rect.empty()) {
        m_notify(result.name + ": nothing to change", false);
        return;
    }
    m_session.commit(std::move(result));
    publish();
}

void AnnotateController::grabCut(cv::Rect box) {
    const AnnotateUiState& a = m_state.annotate;
    if (!m_session.isOpen() || a.busy || a.tools.showAiDraft || box.area() < 16)
        return;
    // GrabCut takes up to a few hundred ms: on a copy in a job, applied if nothing changed since.
    cv::Mat copy = m_session.labels().clone();
    const cv::Mat photo = m_session.photo();
    const std::uint64_t generation = m_session.generation();
    const annotate::PaintOptions options = paintOptions(false);
    m_jobs.submit("GrabCut", [this, copy, photo, box, options, generation](JobContext&) mutable {
        annotate::GrabCutInput input;
        input.box = box;
        auto edit = std::make_shared<std::expected<annotate::LabelEdit, annotate::ToolError>>(
            annotate::grabCutRefine(copy, photo, input, options));
        m_jobs.post([this, edit, generation] {
            if (!*edit) {
                m_notify("GrabCut: " + edit->error().message, true);
                return;
            }
            if (generation != m_session.generation()) {
                m_notify("GrabCut: the label changed meanwhile; draw the box again", false);
                return;
            }
            (*edit)->name = "GrabCut";
            annotate::apply(m_session.labels(), **edit);
            m_session.commit(std::move(**edit));
            publish();
        });
    });
}

}  // namespace cicatrix::workstation
