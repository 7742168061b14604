// nlohmann::json documents for the GUI tests (tests/workstation/gui_*_test.cpp read them).
#include "workstation/gui/test_hooks.hpp"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "library/atomic_file.hpp"
#include "workstation/gui/sync_view.hpp"

namespace cicatrix::workstation {

bool writeScreenshot(const cv::Mat& image, const std::string& path,
                     const std::string& layoutJsonPath, const AppState& state,
                     const FrameRecord& record, int frames) {
    if (!cv::imwrite(path, image)) {
        std::cerr << "cicatrix: cannot write " << path << "\n";
        return false;
    }
    if (!layoutJsonPath.empty()) {
        nlohmann::json j;
        j["frames"] = frames;
        j["width"] = image.cols;
        j["height"] = image.rows;
        j["timeline_photos"] = state.timeline.size();
        j["selected_wound"] = state.selectedWoundId ? *state.selectedWoundId : -1;
        j["selected_photo"] = state.selectedPhotoId() ? *state.selectedPhotoId() : -1;
        j["workspace"] = state.workspace;
        j["rects"] = nlohmann::json::array();
        for (const DrawnRect& r : record.rects) {
            j["rects"].push_back(
                {{"what", r.what}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}});
        }
        j["texts"] = nlohmann::json::array();
        for (const DrawnText& t : record.texts)
            j["texts"].push_back({{"what", t.what}, {"text", t.text}});
        std::ofstream(layoutJsonPath) << j.dump(2) << "\n";
    }
    std::cout << "screenshot written to " << path << " after " << frames << " frames\n";
    return true;
}

std::optional<std::string> screenshotRequested(const std::string& stateJsonPath) {
    if (stateJsonPath.empty())
        return std::nullopt;
    std::ifstream in(stateJsonPath + ".shot");
    std::string png;
    if (!in || !std::getline(in, png) || png.empty())
        return std::nullopt;
    return png;
}

void answerScreenshotRequest(const std::string& stateJsonPath, const std::string& pngPath,
                             const cv::Mat& image) {
    const std::string partial = pngPath + ".partial.png";
    if (!cv::imwrite(partial, image) || std::rename(partial.c_str(), pngPath.c_str()) != 0)
        std::cerr << "cicatrix: cannot write " << pngPath << "\n";
    std::remove((stateJsonPath + ".shot").c_str());
}

namespace {
nlohmann::json syncJson(const SyncUiState& sync) {
    nlohmann::json j;
    j["running"] = sync.running;
    j["runs"] = sync.runs;
    j["servers"] = sync.servers.size();
    j["servers_open"] = sync.serversOpen;
    j["photos_deleted_on_server"] = sync.deletedOnServer.size();
    if (sync.last) {
        const SyncSummary& s = *sync.last;
        j["last"] = {{"servers", s.servers},
                     {"failed_servers", s.failedServers},
                     {"pulled", s.pulled},
                     {"pushed", s.pushed},
                     {"marked_deleted", s.markedDeleted},
                     {"errors", s.errors},
                     {"bytes", s.bytes},
                     {"cancelled", s.cancelled},
                     {"first_error", s.firstError},
                     {"frames_while_running", s.framesWhileRunning}};
    }
    nlohmann::json tests = nlohmann::json::object();
    for (const auto& [name, t] : sync.tests)
        tests[name] = t.running ? "testing" : t.ok ? "ok" : "failed: " + t.message;
    j["connection_tests"] = tests;
    return j;
}
nlohmann::json annotateJson(const AnnotateUiState& a) {
    nlohmann::json j;
    j["user"] = a.user;
    j["asking_user"] = a.askUser;
    j["queue"] = a.queue.size();
    j["queue_loaded"] = a.queueLoaded;
    j["opening"] = a.opening;
    j["photo"] = a.document ? a.document->photo.id : -1;
    j["base_version"] = a.document && a.document->base ? a.document->base->version : 0;
    j["base_status"] =
        a.document && a.document->base ? std::string(toString(a.document->base->status)) : "";
    j["versions"] = a.document ? a.document->versions.size() : 0;
    j["latest_status"] = a.document && !a.document->versions.empty()
                             ? std::string(toString(a.document->versions.back().status))
                             : "";
    j["label_layer"] = a.document.has_value() && !a.opening;
    j["undo_depth"] = a.undoDepth;
    j["redo_count"] = a.redoCount;
    j["edits"] = a.edits;
    j["dirty"] = a.dirty;
    j["busy"] = a.busy;
    j["restored"] = a.restoredNotice;
    j["class_id"] = a.tools.classId;
    j["tool"] = static_cast<int>(a.tools.tool);
    j["brush_radius"] = a.tools.brushRadius;
    j["show_ai_draft"] = a.tools.showAiDraft;
    std::int64_t labelled = 0;
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [id, n] : a.classPixels) {
        classes[std::to_string(id)] = n;
        if (id != 0)
            labelled += n;
    }
    j["class_pixels"] = classes;
    j["labelled_pixels"] = labelled;
    j["stroke_frames"] = a.strokeFrames;
    j["stroke_frame_ms"] = a.strokeFrameMs;
    j["stroke_update_ms"] = a.strokeUpdateMs;
    return j;
}

nlohmann::json triageJson(const TriageUiState& t) {
    nlohmann::json j;
    j["loaded"] = t.loaded;
    j["loading"] = t.loading;
    j["busy"] = t.busy;
    j["decided"] = t.decided;
    j["selected"] = t.current() ? t.current()->photo.id : -1;
    j["reference"] = t.reference ? t.reference->id : -1;
    j["picked"] = t.picked ? std::string(toString(*t.picked)) : "";
    j["history"] = t.history.size();
    nlohmann::json items = nlohmann::json::array();
    for (const InboxItem& i : t.items)
        items.push_back({{"photo", i.photo.id}, {"wound", i.woundId}, {"severity", i.severity}});
    j["items"] = items;
    const QuarantineUiState& q = t.quarantine;
    nlohmann::json quarantined = nlohmann::json::array();
    for (const QuarantineItem& i : q.items)
        quarantined.push_back({{"id", i.id}, {"reason", i.reason}});
    j["quarantine"] = {{"shown", q.shown},
                       {"loaded", q.loaded},
                       {"busy", q.busy},
                       {"resolved", q.resolved},
                       {"open", q.items.size()},
                       {"selected", q.current() ? q.current()->id : -1},
                       {"photo_ready", q.photo.has_value()},
                       {"items", quarantined}};
    return j;
}

nlohmann::json compareJson(const CompareUiState& c) {
    nlohmann::json j;
    j["layout"] = c.layout == CompareLayout::TwoByTwo ? "2x2" : "1x2";
    j["linked"] = c.linked;
    j["overlay"] = static_cast<int>(c.overlay);
    nlohmann::json slots = nlohmann::json::array();
    // Settled: every slot after the reference that shows a photo (with a reference to align on)
    // has its alignment or the
    // reason there is none (scripts wait for this rather than a slot's "aligning": false,
    // which the reference slot always reports).
    bool settled = true;
    for (std::size_t s = 0; s < c.slots(); ++s) {
        const SlotAlignment& a = c.alignment[s];
        if (s > 0 && c.photos[0] && c.photos[s] &&
            (a.running || (!a.photoToReference && a.error.empty())))
            settled = false;
        slots.push_back(
            {{"photo", c.photos[s] ? *c.photos[s] : -1},
             {"aligning", a.running},
             {"aligned", a.photoToReference.has_value()},
             {"method", a.method},
             {"quality", a.quality},
             {"error", a.error},
             {"photo_to_reference",
              a.photoToReference ? nlohmann::json(*a.photoToReference) : nlohmann::json()}});
    }
    j["slots"] = slots;
    j["alignment_settled"] = settled;
    return j;
}

}  // namespace

void StateReporter::report(const AppState& state, const FrameRecord* record) {
    if (m_path.empty()) {
        return;
    }
    const ViewportState& v = state.viewport();
    nlohmann::json j;
    j["selected_patient"] = state.selectedPatientId ? *state.selectedPatientId : -1;
    j["selected_wound"] = state.selectedWoundId ? *state.selectedWoundId : -1;
    j["selected_photo"] = v.photoId ? *v.photoId : -1;
    j["selected_photo_index"] = state.selectedPhotoIndex();
    j["timeline_photos"] = state.timeline.size();
    j["analyses"] = state.analyses.size();
    j["overlay_visible"] = v.overlay.visible;
    j["help_visible"] = state.showHelp;
    j["view_fit"] = v.view.fitMode;
    j["view_scale"] = v.view.scale;
    j["workspace"] = state.workspace;
    j["triage"] = triageJson(state.triage);
    j["compare"] = compareJson(state.compare);
    for (std::size_t index = 0; index < state.viewports.size(); ++index) {
        const ViewportState& vp = state.viewports[index];
        j["viewports"].push_back({{"photo", vp.photoId ? *vp.photoId : -1},
                                  {"scale", vp.view.scale},
                                  {"center", {vp.view.center.x, vp.view.center.y}},
                                  {"fit", vp.view.fitMode}});
    }
    if (record != nullptr) {
        nlohmann::json targets = nlohmann::json::object();
        for (const DrawnRect& r : record->rects) {
            targets[r.what] = std::to_string(static_cast<int>(r.x + r.w / 2)) + " " +
                              std::to_string(static_cast<int>(r.y + r.h / 2));
        }
        j["targets"] = std::move(targets);
    }
    j["model_loaded"] = !state.model.loading;
    j["patients"] = nlohmann::json::array();
    for (const PatientSummary& p : state.patients) {
        const auto states = state.sync.patientStates.find(p.patient.externalId);
        const auto overall = states == state.sync.patientStates.end()
                                 ? std::nullopt
                                 : overallSyncState(states->second);
        j["patients"].push_back({{"id", p.patient.id},
                                 {"external_id", p.patient.externalId},
                                 {"photos", p.photoCount},
                                 {"sync_state", overall ? std::string(toString(*overall)) : ""}});
    }
    j["sync"] = syncJson(state.sync);
    j["annotate"] = annotateJson(state.annotate);
    std::string text = j.dump(2) + "\n";
    if (text == m_last) {
        return;
    }
    auto written = writeFileAtomically(
        m_path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
        /*allowReplace=*/true);
    if (!written) {
        std::cerr << "cicatrix: state not written: " << written.error().message << "\n";
    }
    m_last = std::move(text);
}

}  // namespace cicatrix::workstation
