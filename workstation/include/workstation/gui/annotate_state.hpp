// What the Annotate workspace shows, as plain values: the annotator, the queue, the photo being
// labelled with its label versions, the active tool and its settings, and the edit counters the
// panels and tests read. Changed only on the main thread (intents and job callbacks).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "library/label_repository.hpp"
#include "library/records.hpp"

namespace cicatrix::workstation {

enum class AnnotateTool {
    Brush,
    Eraser,
    PolygonFill,
    PolygonCut,
    FloodFill,
    GrabCutBox,
    Superpixel,
};

struct AnnotateToolSettings {
    AnnotateTool tool = AnnotateTool::Brush;
    std::uint8_t classId = 6;  // annotate::kWoundLabel
    int brushRadius = 24;      // image pixels
    float opacity = 0.5f;      // of the label layer
    bool protectOtherClasses = false;
    bool insideWoundOnly = false;
    double floodTolerance = 18.0;
    bool showAiDraft = false;  // show the AI draft instead of the label being edited (read-only)
};

struct AnnotateQueueFilter {
    std::string patient;  // external id, exact; empty = all
    int status = 0;       // 0 any, 1 + LabelStatus index
};

// The photo open for labelling and where its label came from.
struct AnnotateDocument {
    library::Photo photo;
    std::optional<library::LabelVersion> base;  // the version being edited (none: empty map)
    std::vector<library::LabelVersion> versions;
    bool hasAiDraft = false;  // an AI draft exists to compare with
    std::string baseSource;   // "version 3 (in progress)", "AI draft (model 1.0)", "empty"
};

struct AnnotateUiState {
    std::string user;           // recorded on every label action; empty: ask
    bool askUser = false;       // the "Who is annotating?" prompt is up
    std::string suggestedUser;  // the last user, from the settings

    std::vector<library::QueueItem> queue;
    AnnotateQueueFilter filter;
    bool queueLoading = false;
    bool queueLoaded = false;

    bool opening = false;  // a photo's label is being loaded
    std::optional<AnnotateDocument> document;
    AnnotateToolSettings tools;

    // The edit counters (the session keeps the map itself).
    std::size_t undoDepth = 0, redoCount = 0, edits = 0;
    std::optional<std::string> undoName, redoName;
    std::map<int, std::int64_t> classPixels;  // class id → pixels, kept per edit
    bool dirty = false;                       // edits since the base version
    bool busy = false;                        // a save or review is running
    std::string restoredNotice;               // "Unsaved work restored (N edits)"
    bool superpixelsReady = false;

    // Painting cost, for the benchmark: frames while a stroke ran and their mean interval.
    std::int64_t strokeFrames = 0;
    double strokeFrameMs = 0.0;   // mean time between stroke frames
    double strokeUpdateMs = 0.0;  // mean time to paint + upload the changed rectangle
    std::int64_t lastUploadPixels = 0;
};

}  // namespace cicatrix::workstation
