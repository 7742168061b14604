// Reads versions and the latest model analysis, makes the AI draft when there is no version yet,
// decodes the photo, replays or starts the journal, and colours the layers.
#include "workstation/gui/annotate_opening.hpp"

#include <fmt/format.h>

#include "library/analysis_repository.hpp"
#include "library/photo_repository.hpp"
#include "workstation/analysis/library_analysis.hpp"
#include "workstation/labels/label_store.hpp"

namespace cicatrix::workstation {

std::string journalKey(std::int64_t photoId, std::int64_t baseVersionId) {
    return fmt::format("photo{}-v{}", photoId, baseVersionId);
}

std::string journalBaseId(const std::optional<LabelVersion>& base, cv::Size size) {
    return base ? base->labelsSha256 : fmt::format("empty-{}x{}", size.width, size.height);
}

std::filesystem::path journalFolder(const Library& library) {
    return library.root() / "journals";
}

std::string describeVersion(const LabelVersion& v) {
    std::string text =
        fmt::format("version {} ({}, {}", v.version, toString(v.status), v.createdBy);
    if (v.modelVersion)
        text += ", model " + *v.modelVersion;
    return text + ")";
}

namespace {

struct Stored {
    Photo photo;
    std::vector<LabelVersion> versions;
    std::optional<Analysis> analysis;  // latest model analysis
};

Result<cv::Mat> makeDraft(const Library& library, const Stored& s) {
    const cv::Size size(s.photo.width, s.photo.height);
    const auto draftVersion = std::ranges::find_if(
        s.versions, [](const LabelVersion& v) { return v.status == LabelStatus::AiDraft; });
    if (draftVersion != s.versions.end())
        return loadLabelMap(library, draftVersion->labelsSha256, size);
    if (!s.analysis)
        return cv::Mat{};
    auto mask = loadLabelMap(library, s.analysis->maskSha256, size);
    if (!mask)
        return mask;
    cv::Mat tissue;
    if (s.analysis->tissueSha256) {
        if (auto t = loadLabelMap(library, *s.analysis->tissueSha256, size))
            tissue = *t;
    }
    return aiDraftLabels(*mask, tissue);
}

}  // namespace

Result<OpenedAnnotation> openAnnotation(Library& library, std::int64_t photoId,
                                        const std::string& user) {
    auto stored = library.withReader([&](SQLite::Database& db) -> Result<Stored> {
        auto photo = PhotoRepository(db).findById(photoId);
        if (!photo)
            return fail(ErrorCode::NotFound, fmt::format("no photo {}", photoId));
        Stored s{*photo, LabelRepository(db).forPhoto(photoId), std::nullopt};
        for (const Analysis& a : AnalysisRepository(db).forPhoto(photoId)) {
            if (a.maskSource == "model")
                s.analysis = a;
        }
        return s;
    });
    if (!stored)
        return std::unexpected(stored.error());
    const cv::Size size(stored->photo.width, stored->photo.height);
    OpenedAnnotation out;
    AnnotateDocument& doc = out.document;
    doc.photo = stored->photo;
    auto draft = makeDraft(library, *stored);
    if (!draft)
        return std::unexpected(draft.error());
    doc.hasAiDraft = !draft->empty();

    cv::Mat base;
    if (!stored->versions.empty()) {
        doc.base = stored->versions.back();
        auto map = loadLabelMap(library, doc.base->labelsSha256, size);
        if (!map)
            return std::unexpected(map.error());
        base = *map;
        doc.baseSource = describeVersion(*doc.base);
    } else if (doc.hasAiDraft) {
        NewLabelVersion v{photoId,
                          std::nullopt,
                          LabelStatus::AiDraft,
                          {},
                          "model",
                          stored->analysis->modelName,
                          stored->analysis->modelVersion,
                          user};
        auto added = storeLabelVersion(library, *draft, v);
        if (!added)
            return std::unexpected(added.error());
        doc.base = *added;
        stored->versions.push_back(*added);
        base = draft->clone();
        doc.baseSource = "AI draft, " + describeVersion(*added);
    } else {
        base = cv::Mat::zeros(size, CV_8UC1);
        doc.baseSource = "empty (no model analysis yet)";
    }
    doc.versions = stored->versions;

    SessionData& data = out.data;
    data.journalFolder = journalFolder(library);
    data.journalKey = journalKey(photoId, doc.base ? doc.base->id : 0);
    const std::string baseId = journalBaseId(doc.base, size);
    auto recovered =
        annotate::EditJournal::recover(data.journalFolder, data.journalKey, baseId, base);
    if (recovered && *recovered) {
        annotate::JournalRecovery& r = **recovered;
        auto resumed = annotate::EditJournal::resume(data.journalFolder, data.journalKey, r);
        if (resumed)
            data.journal.emplace(std::move(*resumed));
        data.labels = std::move(r.labels);
        data.undo = std::move(r.undo);
        data.restoredEdits = r.edits;
        out.notice = fmt::format("Unsaved work restored ({} edits). {}", r.edits, r.describe());
    } else {
        if (!recovered) {
            out.notice = "Autosaved work not restored: " + recovered.error().message;
            out.noticeIsError = true;
        }
        data.labels = base;
        std::error_code ec;
        std::filesystem::create_directories(data.journalFolder, ec);
        auto created =
            annotate::EditJournal::create(data.journalFolder, data.journalKey, baseId, size);
        if (created)
            data.journal.emplace(std::move(*created));
        else {
            out.notice = "Autosave is off: " + created.error().message;
            out.noticeIsError = true;
        }
    }
    auto pixels = loadStoredPhoto(library, stored->photo);
    if (!pixels)
        return std::unexpected(pixels.error());
    data.photo = std::move(*pixels);
    data.labelsRgba = LabelLayer::colourize(data.labels);
    data.countLabels();
    if (doc.hasAiDraft) {
        data.draft = std::move(*draft);
        data.draftRgba = LabelLayer::colourize(data.draft);
    }
    return out;
}

}  // namespace cicatrix::workstation
